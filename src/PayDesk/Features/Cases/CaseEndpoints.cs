using PayDesk.Components;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>The case library's services and routes (issue 19, part 2: 案例库); each route points at its use case.</summary>
internal static class CaseEndpoints
{
    public static IHostApplicationBuilder AddCases(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CaseScrubContext>();
        services.AddScoped<CaseChecks>();
        services.AddScoped<CreateCaseFromComplaint>();
        services.AddScoped<UpdateCaseDraft>();
        services.AddScoped<PublishCase>();
        services.AddScoped<SearchCases>();
        services.AddScoped<SimilarCases>();
        services.AddScoped<ICaseLibrary, CaseLibrary>();
        services.AddScoped<Audit.IAuditNames, CaseAuditNames>();
        services.AddSingleton<Search.ISearchSource, CaseSearchSource>();
        // Beside a complaint, below agent assist and the customer's contacts: cases like it (and, once it is resolved, "make a case").
        services.AddPagePanel<Pages.SimilarCasesPanel, ComplaintPanelContext>(ComplaintPanelPlace.StaffAfterCustomer, 30, c => new Dictionary<string, object?>
        {
            ["TicketId"] = c.TicketId, ["TicketNumber"] = c.Number,
        });
        return builder;
    }

    public static RouteGroupBuilder MapCases(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases").RequireAuthorization(Policies.Staff);
        cases.MapGet("", SearchCases.HandleAsync).WithName("SearchCases")
            .WithSummary("The case library: a Chinese full-text query (q) and filters (tag, category, channel; status for supervisors), paged.");
        cases.MapPost("", CreateCaseFromComplaint.HandleAsync).WithName("CreateCase")
            .WithSummary("Supervisors: a scrubbed case draft from a resolved or closed complaint (by id or number).");
        cases.MapGet("/{id:guid}", GetCase.HandleAsync).WithName("GetCase").WithSummary("One case (drafts for supervisors only).");
        cases.MapPut("/{id:guid}", UpdateCaseDraft.HandleAsync).WithName("UpdateCase")
            .WithSummary("Supervisors: edit a case; a published case's edit is checked for personal data like publishing.");
        cases.MapPost("/{id:guid}/publish", PublishCase.HandleAsync).WithName("PublishCase")
            .WithSummary("Supervisors: publish a draft; 422 while it still contains something like a phone, card, ID, serial or the customer's name.");
        cases.MapGet("/similar/{complaint}", SimilarCases.HandleAsync).WithName("SimilarCases")
            .WithSummary("The three published cases most like a complaint (by id or number).");
        return api;
    }
}
