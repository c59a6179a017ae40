using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Incidents.Detection;

/// <summary>A suggested incident as supervisors see it.</summary>
public sealed record IncidentSuggestionResponse(Guid Id, string Title, string? Kind, TicketCategory? Category, string? Bank, string? BankName,
    TicketChannel? Channel, DateTime DetectedAt, DateTime WindowStart, DateTime WindowEnd, int Observed, double Expected, double PValue,
    int ClusterSize, string? SampleText, IncidentSuggestionStatus Status, Guid? IncidentId, DateTime? NotifiedAt);

internal static class DetectionEndpoints
{
    public static IHostApplicationBuilder AddIncidentDetection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DetectionOptions>().Bind(builder.Configuration.GetSection("Incidents:Detection"))
            .Validate(o => o.WindowMinutes is >= 1 and <= 120 && o.Alpha is > 0 and < 0.5 && o.MinCount >= 1 && o.MinRatio >= 1
                    && o.ClusterSimilarity is > 0 and <= 1 && o.ClusterMinSize >= 2 && o.MinScopeShare is >= 0 and < 1 && o.ShareWeeks is >= 1 and <= 26,
                "Incidents:Detection: WindowMinutes 1–120, Alpha in (0, 0.5), MinCount ≥ 1, MinRatio ≥ 1, ClusterSimilarity in (0, 1], ClusterMinSize ≥ 2, MinScopeShare in [0, 1), ShareWeeks 1–26.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DetectionBaselines>();
        builder.Services.AddSingleton<SuggestionAlerts>();
        builder.Services.AddScoped<IncidentDetection>();
        builder.Services.AddHostedService<IncidentDetectorService>();
        return builder;
    }

    public static RouteGroupBuilder MapIncidentDetection(this RouteGroupBuilder api)
    {
        api.MapGet("/incidents/suggestions", ListAsync).WithTags("Incidents").RequireAuthorization(Policies.Supervisor)
            .WithName("ListIncidentSuggestions")
            .WithSummary("Suggested incidents raised by the detector (疑似故障), newest first: status (open by default, or confirmed, dismissed, all); paged.");
        return api;
    }

    public sealed record Query
    {
        public string? Status { get; init; }
        public int? Page { get; init; }
        public int? PageSize { get; init; }
    }

    private static async Task<Results<Ok<Paged<IncidentSuggestionResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Query q, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(q.Page, q.PageSize, errors);
        IncidentSuggestionStatus? status = q.Status is null or "" ? IncidentSuggestionStatus.Open
            : q.Status == "all" ? null
            : EnumText.Parse<IncidentSuggestionStatus>(q.Status, "status", errors);
        if (errors.Any) return errors.ToProblem();
        var rows = db.Set<IncidentSuggestion>().AsNoTracking();
        if (status is { } s) rows = rows.Where(x => x.Status == s);
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(x => x.DetectedAt).ThenBy(x => x.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var items = page.Select(x => new IncidentSuggestionResponse(x.Id, x.Title, x.Kind, x.Category, x.Bank, x.Bank is null ? null : Banks.Name(x.Bank),
            x.Channel, x.DetectedAt, x.WindowStart, x.WindowEnd, x.Observed, x.Expected, x.PValue, x.ClusterSize, x.SampleText, x.Status,
            x.IncidentId, x.NotifiedAt)).ToList();
        return TypedResults.Ok(new Paged<IncidentSuggestionResponse>(items, paging.Page, paging.PageSize, total));
    }
}
