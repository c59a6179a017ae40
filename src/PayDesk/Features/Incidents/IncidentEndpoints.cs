using PayDesk.Features.Incidents.Detection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Components;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Incidents;

internal static class IncidentEndpoints
{
    public static IHostApplicationBuilder AddIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IActiveIncidents, ActiveIncidents>();
        builder.Services.AddOptions<IncidentOptions>().Bind(builder.Configuration.GetSection("Incidents"))
            .Validate(o => o.LateReplyDays is >= 0 and <= 30 && o.BulkLinkMax is >= 1 and <= 10_000, "Incidents: LateReplyDays 0–30, BulkLinkMax 1–10000.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IncidentNumberAllocator>();
        builder.Services.AddScoped<IncidentDesk>();
        builder.Services.AddScoped<IncidentIntake>();
        builder.Services.AddSingleton<IntakeIncidents>();
        builder.Services.AddScoped<IComplaintObserver>(sp => sp.GetRequiredService<IncidentIntake>());
        builder.Services.AddScoped<Audit.IAuditNames, IncidentAuditNames>();
        // The complaint page shows its incidents (and links or unlinks by hand) without Complaints knowing of incidents.
        builder.Services.AddPagePanel<Pages.IncidentBadge, ComplaintPanelContext>(ComplaintPanelPlace.StaffBeforeActions, 5,
            c => new Dictionary<string, object?> { ["TicketId"] = c.TicketId, ["Number"] = c.Number });
        // The supervisor board shows suggested incidents waiting for a decision (Analytics knows nothing of incidents).
        builder.Services.AddPagePanel<Pages.SuggestionBanner, Analytics.Pages.SupervisorPanelContext>(Analytics.Pages.SupervisorPanelPlace.Top, 10,
            c => new Dictionary<string, object?> { ["Refreshed"] = c.Refreshed });
        builder.AddIncidentDetection();
        return builder;
    }

    public static RouteGroupBuilder MapIncidents(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/incidents").WithTags("Incidents").RequireAuthorization(Policies.Staff);
        g.MapGet("/", async (IncidentDesk desk, string? status, int? page, int? pageSize, CancellationToken ct) =>
            Result(await desk.ListAsync(status, page, pageSize, ct))).WithName("ListIncidents")
            .WithSummary("Incidents, open first then newest; status=open|resolved|all; paged.");
        g.MapPost("/", async (IncidentDesk desk, ActorAccessor actors, IncidentDesk.OpenRequest request, CancellationToken ct) =>
            Created(await desk.OpenAsync(request, actors.Current, ct))).RequireAuthorization(Policies.Supervisor).WithName("OpenIncident")
            .WithSummary("Open an incident: title, scope (category, bank, channel, product, region — at least one), start, expected fix, clock policy, public flag and summary.");
        g.MapGet("/{id:guid}", async (Guid id, IncidentDesk desk, CancellationToken ct) =>
            await desk.ViewAsync(id, ct) is { } view ? (IResult)TypedResults.Ok(view) : TypedResults.NotFound()).WithName("GetIncident")
            .WithSummary("One incident with its linked-complaint count.");
        g.MapGet("/{id:guid}/updates", async (Guid id, IncidentDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.UpdatesAsync(id, 100, ct))).WithName("IncidentUpdates").WithSummary("The incident's latest 100 updates, newest first.");
        g.MapPost("/{id:guid}/updates", async (Guid id, IncidentDesk desk, ActorAccessor actors, IncidentDesk.UpdateRequest request, CancellationToken ct) =>
            Result(await desk.PostUpdateAsync(id, request, actors.Current, ct))).RequireAuthorization(Policies.Supervisor).WithName("PostIncidentUpdate")
            .WithSummary("Post an update: text, optional status change, toCustomers (one notice per linked customer on their own channel, a public message on each complaint). Status resolved proposes a solution on every linked open complaint.");
        g.MapPut("/{id:guid}/public", async (Guid id, IncidentDesk desk, IncidentDesk.PublishRequest request, CancellationToken ct) =>
            Result(await desk.PublishAsync(id, request, ct))).RequireAuthorization(Policies.Supervisor).WithName("PublishIncident")
            .WithSummary("Show the incident to customers (help centre, portal, chat, assistant) or take it down: isPublic, publicSummary (required when public), expectedFixAt. Going public while open counts as the first announcement.");
        g.MapGet("/{id:guid}/complaints", async (Guid id, IncidentDesk desk, int? page, int? pageSize, CancellationToken ct) =>
            Result(await desk.LinkedAsync(id, page, pageSize, ct))).WithName("IncidentComplaints").WithSummary("The linked complaints, paged.");
        g.MapPost("/{id:guid}/complaints", async (Guid id, IncidentDesk desk, ActorAccessor actors, LinkRequest request, CancellationToken ct) =>
            Result(await desk.LinkAsync(id, request.Ticket, actors.Current, ct))).WithName("LinkIncidentComplaint")
            .WithSummary("Link one complaint (number or id) by hand.");
        g.MapDelete("/{id:guid}/complaints/{ticketId:guid}", async (Guid id, Guid ticketId, IncidentDesk desk, ActorAccessor actors, CancellationToken ct) =>
            Result(await desk.UnlinkAsync(id, ticketId, actors.Current, ct))).WithName("UnlinkIncidentComplaint")
            .WithSummary("Unlink a complaint; a clock held for the incident runs again.");
        g.MapPost("/{id:guid}/complaints/bulk", async (Guid id, IncidentDesk desk, ActorAccessor actors, BulkRequest request, CancellationToken ct) =>
            {
                var filter = new IncidentDesk.BulkFilter(request.Bank, request.Category, request.Channel, request.From, request.To, request.Text,
                    request.IncludeFinished, request.Max);
                return Result(request.Preview == true ? await desk.PreviewBulkAsync(id, filter, ct) : await desk.BulkLinkAsync(id, filter, actors.Current, ct));
            }).RequireAuthorization(Policies.Supervisor).WithName("BulkLinkIncidentComplaints")
            .WithSummary("Link every complaint of a search (bank, category, channel, filed from/to, words) up to max; preview=true only counts them.");
        g.MapPost("/suggestions/{id:guid}/confirm", async (Guid id, IncidentDesk desk, ActorAccessor actors, IncidentClockPolicy? clockPolicy, CancellationToken ct) =>
            Created(await desk.ConfirmAsync(id, clockPolicy, actors.Current, ct))).RequireAuthorization(Policies.Supervisor).WithName("ConfirmIncidentSuggestion")
            .WithSummary("Confirm a suggestion: an incident opens with its scope (clockPolicy=keep|pause_resolution, keep by default) and its matching complaints are linked.");
        g.MapPost("/suggestions/{id:guid}/dismiss", async (Guid id, IncidentDesk desk, ActorAccessor actors, CancellationToken ct) =>
            Result(await desk.DismissAsync(id, actors.Current, ct))).RequireAuthorization(Policies.Supervisor).WithName("DismissIncidentSuggestion")
            .WithSummary("Dismiss a suggestion.");
        g.MapGet("/report", async (ReportingDatabase reporting, TimeProvider clock, IStringLocalizer<SharedResource> l, string? from, string? to, string? format, CancellationToken ct) =>
            {
                var report = await IncidentReports.BuildAsync(reporting.Context, from, to, clock, l, ct);
                if (report.Failed) return (IResult)report.Errors!.ToProblem();
                return format == "csv" ? Csv.Records($"incidents-{report.Value!.From:yyyyMMdd}-{report.Value.To:yyyyMMdd}", report.Value.Incidents) : TypedResults.Ok(report.Value);
            }).RequireAuthorization(Policies.Supervisor).WithName("IncidentReport")
            .WithSummary("Incidents started in from–to (Beijing dates, default the last 30 days) with complaint counts and minutes to detect, first announcement and resolve; complaints linked vs unlinked; format=csv.");
        // GET /incidents/suggestions (the detector's list) is Detection's.
        api.MapIncidentDetection();
        return api;
    }

    public sealed record LinkRequest(string? Ticket);

    public sealed record BulkRequest(
        string? Bank, TicketCategory? Category, TicketChannel? Channel, DateTimeOffset? From, DateTimeOffset? To, string? Text,
        bool? IncludeFinished, int? Max, bool? Preview);

    private static IResult Result<T>(Outcome<T> outcome) where T : class =>
        outcome.Failed ? Problem(outcome.Errors!) : TypedResults.Ok(outcome.Value);

    private static IResult Created(Outcome<IncidentView> outcome) =>
        outcome.Failed ? Problem(outcome.Errors!) : TypedResults.Created($"/api/v1/incidents/{outcome.Value!.Id}", outcome.Value);

    private static IResult Problem(ValidationErrors errors) =>
        errors.ToDictionary().ContainsKey(IncidentDesk.NotFoundField) ? TypedResults.NotFound() : errors.ToProblem();
}
