using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Observability;

namespace PayDesk.Features.Sla;

/// <summary>
/// Finds clocks that reached their at-risk point or their due time — through the
/// (status, next check) index, never by scanning tickets — warns and escalates. Each warning and
/// each breach is claimed by a conditional update, so with several instances each happens once. The claim and what
/// it produces (timeline entry, clock event, raised priority) commit in one transaction: a node killed between them
/// rolls the claim back and another node raises the breach, instead of a breach marked but never announced.
/// </summary>
internal sealed class SlaEvaluator(IServiceScopeFactory scopes, TimeProvider clock, SlaPolicyStore policy, CalendarRegistry calendars)
{
    public const int BatchSize = 500;

    public async Task<(int AtRisk, int Breached)> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await FindDueAsync(db, now, BatchSize, ct);
        int atRisk = 0, breached = 0;
        foreach (var id in due)
        {
            var c = await db.SlaClocks.AsNoTracking().FirstAsync(x => x.Id == id, ct);
            await using var claim = await db.Database.BeginTransactionAsync(ct);
            if (c.WarnedAt is null && c.AtRiskAt <= now && c.DueAt > now
                && await db.SlaClocks.Where(x => x.Id == id && x.WarnedAt == null && x.Status == ClockStatus.Running && x.StoppedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.WarnedAt, now), ct) == 1)
            {
                var ticket = await db.Tickets.FirstAsync(t => t.Id == c.TicketId, ct);
                ServiceLevelOutcomes.AtRisk(db, ticket, EnumText.Name(c.Kind), c.DueAt, now);
                Log(db, c, "at_risk", now);
                PayDeskTelemetry.ClocksAtRisk.Add(1, new KeyValuePair<string, object?>("clock", MetricLabel<ClockKind>.Of(c.Kind)));
                atRisk++;
            }
            if (c.DueAt <= now
                && await db.SlaClocks.Where(x => x.Id == id && x.BreachedAt == null && x.Status == ClockStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.BreachedAt, now).SetProperty(x => x.Status, ClockStatus.Breached), ct) == 1)
            {
                // At breach: the owner and supervisors see it on the timeline and in the breach queue; priority goes up.
                var ticket = await db.Tickets.FirstAsync(t => t.Id == c.TicketId, ct);
                ServiceLevelOutcomes.Breached(db, ticket, EnumText.Name(c.Kind), now);
                Log(db, c, "breached", now);
                PayDeskTelemetry.ClocksBreached.Add(1, new KeyValuePair<string, object?>("clock", MetricLabel<ClockKind>.Of(c.Kind)));
                breached++;
            }
            await db.SaveChangesAsync(ct);
            await claim.CommitAsync(ct);
            db.ChangeTracker.Clear();
            var tracked = await db.SlaClocks.FirstAsync(x => x.Id == id, ct);
            SlaClocks.Schedule(tracked, policy.Current, calendars);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return (atRisk, breached);
    }

    /// <summary>The evaluator's query: running clocks whose next check has come, earliest first.</summary>
    public static Task<List<Guid>> FindDueAsync(AppDbContext db, DateTime now, int limit, CancellationToken ct) =>
        db.SlaClocks.AsNoTracking()
            .Where(c => c.Status == ClockStatus.Running && c.NextCheckAt <= now)
            .OrderBy(c => c.NextCheckAt).Select(c => c.Id).Take(limit).ToListAsync(ct);

    private void Log(AppDbContext db, SlaClock c, string what, DateTime now) => db.SlaClockEvents.Add(new SlaClockEvent
    {
        ClockId = c.Id, TicketId = c.TicketId, Kind = c.Kind, Event = what, At = now,
        ElapsedTicks = SlaClocks.Elapsed(c, now, calendars).Ticks, TargetMinutes = c.TargetMinutes,
    });
}

internal sealed class SlaEvaluatorService(SlaEvaluator evaluator, IOptions<SlaOptions> options, ILogger<SlaEvaluatorService> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(options.Value.EvaluatorIntervalSeconds), logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => evaluator.RunAsync(ct);
}
