using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class TicketEndpoints
{
    public static IHostApplicationBuilder AddTickets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TicketNumberAllocator>();
        builder.Services.AddScoped<SearchComplaints>();
        builder.Services.AddSingleton<Search.ISearchSource, TicketSearchSource>();
        return builder;
    }

    public static RouteGroupBuilder MapTickets(this RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets").WithTags("Tickets").RequireAuthorization();
        tickets.MapPost("/", CreateTicket.HandleAsync).WithName("CreateTicket")
            .WithSummary("Record a complaint. Send an Idempotency-Key header so a retried request never creates a duplicate.");
        tickets.MapGet("/", ListTickets.HandleAsync).WithName("ListTickets")
            .WithSummary("Complaints the caller may see, newest first, filtered and paged.");
        tickets.MapGet("/{id}", GetTicket.HandleAsync).WithName("GetTicket")
            .WithSummary("One complaint by id or number (PD-2026-000123), with its messages.");
        tickets.MapPatch("/{id}", UpdateTicket.HandleAsync).WithName("UpdateTicket").RequireAuthorization(Policies.Staff)
            .WithSummary("Change a complaint's facts or assignment; null clears a field.");
        tickets.MapPost("/{id}/messages", AddTicketMessage.HandleAsync).WithName("AddTicketMessage")
            .WithSummary("Add a public reply or an internal note.");
        tickets.MapPost("/{id}/reveal", RevealOriginalText.HandleAsync).WithName("RevealOriginalText").RequireAuthorization(Policies.Staff)
            .WithSummary("Show the subject, description or a message as written, before phone and ID numbers were masked; needs a reason and is audited.");
        return api;
    }
}
