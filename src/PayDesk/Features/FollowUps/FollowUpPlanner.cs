using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.FollowUps;

/// <summary>
/// Creates follow-up visits. At the moment a complaint is resolved (it observes the complaint, in the complaint's own
/// unit of work) it applies the rules that are known then — escalated, large refund, the random share; a satisfaction
/// score arrives later, so <see cref="FollowUpSweep"/> looks at low scores every few minutes. Both end here, and the
/// unique (complaint, resolution) index keeps it to one visit per resolution whoever comes first.
/// A complaint reopened before its visit cancels the visit: it is being worked again.
/// </summary>
internal sealed class FollowUpPlanner(AppDbContext db, FollowUpRuleStore store, CalendarRegistry calendars, TimeProvider clock) : IComplaintObserver
{
    Task IComplaintObserver.OpenedAsync(Ticket ticket, DateTime now, CancellationToken ct) => Task.CompletedTask;

    async Task IComplaintObserver.TransitionedAsync(Ticket ticket, TicketTrigger trigger, TicketStatus from, DateTime now, CancellationToken ct)
    {
        switch (trigger)
        {
            case TicketTrigger.AcceptSolution or TicketTrigger.ConfirmationTimeout:
                await PlanAsync(ticket, now, notBefore: null, ct);
                break;
            case TicketTrigger.Reopen:
                var open = await db.Set<FollowUpTask>().Where(t => t.TicketId == ticket.Id && t.Status == FollowUpStatus.Open).ToListAsync(ct);
                // A task whose own outcome reopens the complaint is already closed in memory.
                foreach (var task in open.Where(t => t.IsOpen))
                {
                    task.Status = FollowUpStatus.Cancelled;
                    task.ClosedAt = now;
                }
                break;
            default:
                break;
        }
    }

    Task IComplaintObserver.StaffRepliedAsync(Ticket ticket, DateTime now, CancellationToken ct) => Task.CompletedTask;
    Task IComplaintObserver.FactsChangedAsync(Ticket ticket, DateTime now, CancellationToken ct) => Task.CompletedTask;
    Task IComplaintObserver.AcknowledgementsDeliveredAsync(IReadOnlyList<(Ticket Ticket, DateTime At)> delivered, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Adds the visit of this resolution to the unit of work when a rule asks for one and none exists; the caller saves.
    /// <paramref name="notBefore"/>: a rule that matched late (a low score days after the resolution) makes the visit due
    /// no earlier than then.
    /// </summary>
    public async Task<FollowUpTask?> PlanAsync(Ticket ticket, DateTime now, DateTime? notBefore, CancellationToken ct, bool requested = false)
    {
        if (ticket.ResolvedAt is not { } resolvedAt || ticket.MergedIntoId is not null) return null;
        if (db.Set<FollowUpTask>().Local.Any(t => t.TicketId == ticket.Id && t.ResolvedAt == resolvedAt)
            || await db.Set<FollowUpTask>().AnyAsync(t => t.TicketId == ticket.Id && t.ResolvedAt == resolvedAt, ct))
        {
            return null;
        }
        var rules = await store.CurrentAsync(ct);
        var money = await db.ResolutionActions.AsNoTracking()
            .Where(a => a.TicketId == ticket.Id && a.Status == ResolutionStatus.Approved && a.Amount != null && a.Currency != null
                && (a.Kind == ResolutionKind.Refund || a.Kind == ResolutionKind.BalanceAdjustment))
            .Select(a => new { Amount = a.Amount!.Value, Currency = a.Currency! }).ToListAsync(ct);
        var csat = await db.Surveys.AsNoTracking()
            .Where(s => s.TicketId == ticket.Id && s.Kind == Surveys.SurveyKind.Csat && s.Score != null && s.AnsweredAt >= resolvedAt)
            .Select(s => s.Score).FirstOrDefaultAsync(ct);
        var facts = new ResolutionFacts(ticket.Id, resolvedAt, ticket.EscalationLevel, money.Select(m => (m.Amount, m.Currency)).ToList(), csat);
        var reasons = FollowUpRules.Reasons(facts, rules) | (requested ? FollowUpReason.Requested : FollowUpReason.None);
        if (reasons == FollowUpReason.None) return null;

        var calendar = await CalendarOfAsync(ticket.Team, ct);
        var due = FollowUpRules.DueAt(calendar, resolvedAt, rules.DelayWorkingDays);
        if (notBefore is { } late && late > due) due = late;
        var task = new FollowUpTask
        {
            TicketId = ticket.Id, TicketNumber = ticket.Number, ResolvedAt = resolvedAt, Reasons = reasons,
            OwnerId = ticket.OwnerId, AssigneeId = ticket.OwnerId, Team = ticket.Team, TimeZone = calendar.TimeZone,
            DueAt = due, Status = FollowUpStatus.Open, CreatedAt = now,
        };
        db.Set<FollowUpTask>().Add(task);
        return task;
    }

    /// <summary>The calendar of the complaint's team (its working days count the delay); the standard calendar without a team.</summary>
    public async Task<CalendarDefinition> CalendarOfAsync(string? team, CancellationToken ct)
    {
        var name = team is null ? null : await db.ServiceTeams.AsNoTracking().Where(t => t.Name == team).Select(t => t.Calendar).FirstOrDefaultAsync(ct);
        return calendars.Get(name ?? DefaultCalendars.Standard).Definition;
    }

    /// <summary>
    /// Visits for satisfaction scores at or below the rule that arrived after the resolution (within the survey's
    /// lifetime), one save per complaint. Returns how many visits it created.
    /// </summary>
    public async Task<int> PlanLowScoresAsync(int lookbackDays, int batch, CancellationToken ct)
    {
        var rules = await store.CurrentAsync(ct);
        if (rules.CsatAtOrBelow is not { } limit) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-lookbackDays);
        var candidates = await db.Surveys.AsNoTracking()
            .Where(s => s.Kind == Surveys.SurveyKind.Csat && s.AnsweredAt >= since && s.Score != null && s.Score <= limit && s.TicketId != null)
            .Join(db.Tickets, s => s.TicketId, t => t.Id, (s, t) => new { t.Id, t.ResolvedAt, t.Status, t.MergedIntoId, s.AnsweredAt })
            .Where(x => x.ResolvedAt != null && x.MergedIntoId == null && (x.Status == TicketStatus.Resolved || x.Status == TicketStatus.Closed)
                && !db.Set<FollowUpTask>().Any(f => f.TicketId == x.Id && f.ResolvedAt == x.ResolvedAt))
            .OrderBy(x => x.AnsweredAt).ThenBy(x => x.Id)
            .Take(batch).ToListAsync(ct);
        return await PlanEachAsync(candidates.Select(c => (c.Id, (DateTime?)now)), now, ct);
    }

    /// <summary>Applies the rules to every resolved complaint without a visit for its resolution (the demo's history).</summary>
    public async Task<int> PlanAllResolvedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await db.Tickets.AsNoTracking()
            .Where(t => t.ResolvedAt != null && t.MergedIntoId == null && (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed)
                && !db.Set<FollowUpTask>().Any(f => f.TicketId == t.Id && f.ResolvedAt == t.ResolvedAt))
            .OrderBy(t => t.ResolvedAt).Select(t => t.Id).ToListAsync(ct);
        return await PlanEachAsync(ids.Select(id => (id, (DateTime?)null)), now, ct);
    }

    private async Task<int> PlanEachAsync(IEnumerable<(Guid Id, DateTime? NotBefore)> tickets, DateTime now, CancellationToken ct)
    {
        var created = 0;
        foreach (var (id, notBefore) in tickets)
        {
            var ticket = await db.Tickets.AsNoTracking().FirstAsync(t => t.Id == id, ct);
            if (await PlanAsync(ticket, now, notBefore, ct) is null) continue;
            try
            {
                await db.SaveChangesAsync(ct);
                created++;
            }
            catch (DbUpdateException)
            {
                // Another instance planned the same resolution first; the unique index kept one.
            }
            db.ChangeTracker.Clear();
        }
        return created;
    }
}

/// <summary>Plans the visits that low satisfaction scores ask for, every few minutes.</summary>
internal sealed class FollowUpSweep(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<FollowUpOptions> options, ILogger<FollowUpSweep> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<FollowUpPlanner>().PlanLowScoresAsync(options.Value.LookbackDays, 500, ct);
        if (created > 0) logger.LogInformation("Planned {Count} follow-up visits for low satisfaction scores", created);
    }
}

/// <summary>Follow-up settings that are the installation's, not the supervisors' (those are <see cref="FollowUpRuleSet"/>).</summary>
internal sealed class FollowUpOptions
{
    public int SweepIntervalSeconds { get; set; } = 300;

    /// <summary>How far back the sweep looks for low scores (a survey link lives 14 days).</summary>
    public int LookbackDays { get; set; } = 30;
}

/// <summary>The rules in force: the stored row, or the defaults until a supervisor saves.</summary>
internal sealed class FollowUpRuleStore(AppDbContext db)
{
    public async Task<FollowUpRuleSet> CurrentAsync(CancellationToken ct) =>
        await db.Set<FollowUpRuleSet>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == FollowUpRuleSet.SingletonId, ct) ?? FollowUpRuleSet.Defaults();
}
