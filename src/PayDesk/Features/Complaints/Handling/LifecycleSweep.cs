using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Time-driven lifecycle work: a proposed solution the customer left unanswered past the
/// confirmation period counts as accepted; callbacks coming due are put in front of their owner.
/// Each item is claimed by a conditional change, so several instances do each once.
/// </summary>
internal sealed class LifecycleSweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<LifecycleOptions> options)
{
    public async Task<(int Resolved, int Reminded)> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        var cutoff = now.AddDays(-options.Value.ConfirmationTimeoutDays);
        var stale = await db.Tickets.Where(t => t.Status == TicketStatus.SolutionProposed && t.SolutionProposedAt < cutoff)
            .OrderBy(t => t.SolutionProposedAt).Select(t => t.Id).Take(200).ToListAsync(ct);
        var resolved = 0;
        foreach (var id in stale)
        {
            var ticket = await db.FindVisibleAsync(id.ToString(), Actor.System, track: true, ct);
            if (ticket is null) continue;
            try
            {
                var outcome = await TransitionTicket.ApplyAsync(db, ticket, new TransitionInput(TicketTrigger.ConfirmationTimeout,
                    $"客户 {options.Value.ConfirmationTimeoutDays} 天内未答复，视为接受"), Actor.System,
                    sp.GetRequiredService<LifecycleServices>(), ct);
                if (outcome.Applied) resolved++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance got there first.
            }
            db.ChangeTracker.Clear();
        }

        var horizon = now + ListDueCallbacks.Lead;
        // Soonest first: a backlog larger than one round is reminded in the order the calls are due (EF Core warned that the
        // round's 500 were otherwise any 500).
        var due = await db.Callbacks.Where(c => c.Status == CallbackStatus.Scheduled && c.RemindedAt == null && c.DueAt <= horizon)
            .OrderBy(c => c.DueAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.TicketId, c.DueAt }).Take(500).ToListAsync(ct);
        var reminded = 0;
        foreach (var callback in due)
        {
            var claimed = await db.Callbacks.Where(c => c.Id == callback.Id && c.RemindedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RemindedAt, now), ct);
            if (claimed == 0) continue;
            var ticket = await db.Tickets.FirstAsync(t => t.Id == callback.TicketId, ct);
            Timeline.Record(db, ticket, TicketEventKind.Callback, Actor.System, now, data: new JsonObject { ["step"] = "reminder", ["dueAt"] = callback.DueAt });
            await db.SaveChangesAsync(ct);
            reminded++;
        }
        return (resolved, reminded);
    }
}

internal sealed class LifecycleSweepService(LifecycleSweep sweep, ILogger<LifecycleSweepService> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromMinutes(1), logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => sweep.RunAsync(ct);
}
