using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

internal static class SlaEndpoints
{
    public sealed record ClockResponse(
        ClockKind Kind, ClockStatus Status, string Calendar, int TargetMinutes, DateTime StartedAt, DateTime? DueAt,
        double ElapsedMinutes, DateTime? BreachedAt, DateTime? StoppedAt);

    public sealed record QueueItem(Guid TicketId, string Number, string Subject, TicketPriority Priority, Guid? OwnerId, ClockKind Kind, DateTime? DueAt, DateTime? BreachedAt);

    public static IHostApplicationBuilder AddSla(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SlaOptions>().Bind(builder.Configuration.GetSection("Sla"))
            .Validate(o => o.AtRiskShare is > 0 and < 1, "Sla:AtRiskShare must be between 0 and 1.")
            .Validate(o => o.RegulatoryWorkingDays is >= 1 and <= 20, "Sla:RegulatoryWorkingDays must be 1–20.")
            .Validate(o => o.Regulation is "china" or "psd2", "Sla:Regulation must be 'china' or 'psd2'.")
            .Validate(o => o.SchemeDeadlineDays is >= 1 and <= 180, "Sla:SchemeDeadlineDays must be 1–180.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.LineCalendar), "Sla:LineCalendar must name a calendar.")
            .Validate(o => o.EvaluatorIntervalSeconds is > 0 and <= 3600, "Sla:EvaluatorIntervalSeconds must be 1–3600.")
            .ValidateOnStart();
        builder.Services.AddScoped<SlaClocks>();
        builder.Services.AddScoped<IComplaintObserver>(sp => sp.GetRequiredService<SlaClocks>());
        builder.Services.AddScoped<IComplaintRiskSource>(sp => sp.GetRequiredService<SlaClocks>());
        builder.Services.AddSingleton<CalendarRegistry>();
        builder.Services.AddSingleton<SlaPolicyStore>();
        builder.Services.AddHostedService<CalendarRefreshService>();
        builder.Services.AddSingleton<SlaEvaluator>();
        builder.Services.AddHostedService<SlaEvaluatorService>();
        return builder;
    }

    public static RouteGroupBuilder MapSla(this RouteGroupBuilder api)
    {
        api.MapGet("/tickets/{id}/sla", ClocksAsync).WithTags("SLA").RequireAuthorization(Policies.Staff)
            .WithName("TicketClocks").WithSummary("A complaint's service-level clocks.");
        var sla = api.MapGroup("/sla").WithTags("SLA").RequireAuthorization(Policies.Staff);
        sla.MapGet("/policy", (SlaPolicyStore store) => TypedResults.Ok(store.Current)).WithName("SlaPolicy").WithSummary("The service-level targets in force.");
        sla.MapPut("/policy", SavePolicyAsync).RequireAuthorization(Policies.Admin).WithName("SaveSlaPolicy")
            .WithSummary("Change the targets; new complaints and re-targets use them, running clocks keep theirs.");
        sla.MapGet("/breaches", (AppDbContext db, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct) =>
            QueueAsync(db, l, breached: true, page, pageSize, ct)).WithName("SlaBreaches").WithSummary("Open complaints with a breached clock: the escalation queue.");
        sla.MapGet("/at-risk", (AppDbContext db, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct) =>
            QueueAsync(db, l, breached: false, page, pageSize, ct)).WithName("SlaAtRisk").WithSummary("Running clocks past their at-risk point, soonest due first.");
        return api;
    }

    internal static async Task<Results<Ok<SlaOptions>, ValidationProblem>> SavePolicyAsync(
        SlaOptions policy, AppDbContext db, SlaPolicyStore store, ActorAccessor actors, CalendarRegistry calendars, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        foreach (var field in policy.Problems()) errors.AddKey(field, "Sla.PolicyValue");
        if (!string.IsNullOrWhiteSpace(policy.LineCalendar) && !calendars.Exists(policy.LineCalendar)) errors.AddKey("lineCalendar", "Sla.PolicyValue");
        if (errors.Any) return errors.ToProblem();
        await store.SaveAsync(db, policy, actors.Current.Name, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(store.Current);
    }

    internal static async Task<Results<Ok<List<ClockResponse>>, NotFound>> ClocksAsync(
        string id, AppDbContext db, ActorAccessor actors, TimeProvider clock, CalendarRegistry calendars, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await ForTicketAsync(db, ticket.Id, clock.GetUtcNow().UtcDateTime, calendars, ct));
    }

    public static async Task<List<ClockResponse>> ForTicketAsync(AppDbContext db, Guid ticketId, DateTime now, CalendarRegistry calendars, CancellationToken ct) =>
        (await db.SlaClocks.AsNoTracking().Where(c => c.TicketId == ticketId).ToListAsync(ct))
        .OrderBy(c => c.Kind)
        .Select(c => new ClockResponse(c.Kind, c.Status, c.Calendar, c.TargetMinutes, c.StartedAt, c.DueAt,
            Math.Round(SlaClocks.Elapsed(c, now, calendars).TotalMinutes, 1), c.BreachedAt, c.StoppedAt))
        .ToList();

    internal static async Task<Results<Ok<Paged<QueueItem>>, ValidationProblem>> QueueAsync(
        AppDbContext db, IStringLocalizer<SharedResource> l, bool breached, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var clocks = breached
            ? db.SlaClocks.Where(c => c.BreachedAt != null && c.StoppedAt == null)
            : db.SlaClocks.Where(c => c.Status == ClockStatus.Running && c.WarnedAt != null && c.BreachedAt == null);
        var query = clocks.Join(db.Tickets, c => c.TicketId, t => t.Id, (c, t) => new { c, t })
            .Where(x => x.t.Status != TicketStatus.Closed);
        var total = await query.CountAsync(ct);
        var items = await (breached ? query.OrderBy(x => x.c.BreachedAt) : query.OrderBy(x => x.c.DueAt))
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(x => new QueueItem(x.t.Id, x.t.Number, x.t.Subject, x.t.Priority, x.t.OwnerId, x.c.Kind, x.c.DueAt, x.c.BreachedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<QueueItem>(items, paging.Page, paging.PageSize, total));
    }
}
