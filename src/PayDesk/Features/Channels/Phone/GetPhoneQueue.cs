using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels.Phone;

/// <summary>The phone queue as a supervisor watches it: the last day's figures, live calls, missed calls nobody has answered since, and today's callbacks.</summary>
internal static class GetPhoneQueue
{
    public sealed record CallbackRow(Guid TicketId, string Number, DateTime DueAt, string Note);

    public sealed record View(PhoneMetrics Metrics, List<CallRecord> Live, List<CallRecord> Missed, List<CallbackRow> Callbacks);

    public static async Task<PhoneMetrics> ComputeAsync(AppDbContext db, DateTime from, DateTime to, int targetSeconds, CancellationToken ct)
    {
        var facts = await db.Calls.AsNoTracking()
            .Where(c => c.Direction == CallDirection.Inbound && c.StartedAt >= from && c.StartedAt < to)
            .Select(c => new PhoneMetricsCalculator.CallFacts(c.State, c.StartedAt, c.QueuedAt, c.AnsweredAt)).ToListAsync(ct);
        return PhoneMetricsCalculator.Compute(facts, targetSeconds);
    }

    public static async Task<View> HandleAsync(AppDbContext db, DateTime now, int targetSeconds, CancellationToken ct)
    {
        var since = now.AddHours(-24);
        var metrics = await ComputeAsync(db, since, now.AddSeconds(1), targetSeconds, ct);
        var live = await db.Calls.AsNoTracking()
            .Where(c => c.State == CallState.Ringing || c.State == CallState.Queued || c.State == CallState.Connected)
            .OrderBy(c => c.StartedAt).Take(100).ToListAsync(ct);
        // Missed today and not yet answered on a later call from the same number: someone should call back.
        var missed = await db.Calls.AsNoTracking()
            .Where(c => (c.State == CallState.Abandoned || c.State == CallState.Voicemail) && c.StartedAt >= since
                && !db.Calls.Any(l => l.CallerHash == c.CallerHash && l.AnsweredAt != null && l.StartedAt > c.StartedAt))
            .OrderByDescending(c => c.StartedAt).Take(50).ToListAsync(ct);
        // Today's callbacks: up to the end of the service centre's day (the UTC date ended at 08:00 Beijing time).
        var until = Complaints.ServiceTime.StartUtc(Complaints.ServiceTime.DateOf(now).AddDays(1));
        var callbacks = await db.Callbacks.AsNoTracking()
            .Where(c => c.Status == Complaints.CallbackStatus.Scheduled && c.DueAt < until)
            .OrderBy(c => c.DueAt).Take(50)
            .Join(db.Tickets, c => c.TicketId, t => t.Id, (c, t) => new CallbackRow(t.Id, t.Number, c.DueAt, c.Note))
            .ToListAsync(ct);
        return new View(metrics, live, missed, callbacks);
    }
}

/// <summary>The phone queue as of one moment, shared by every phone page open on this instance.</summary>
internal sealed record PhoneQueueSnapshot(DateTime ReadAt, GetPhoneQueue.View View);

/// <summary>
/// The phone queue read once per instance every few seconds: every open phone page refreshes itself every five seconds,
/// and a hotline has many of them open, each of which read the last day's calls.
/// </summary>
internal sealed class PhoneQueueSource(IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PhoneOptions> options)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(4);

    private readonly Infrastructure.SharedRead<PhoneQueueSnapshot> _read = new(clock, FreshFor, async ct =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow().UtcDateTime;
        var view = await GetPhoneQueue.HandleAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), now, options.Value.AnswerTargetSeconds, ct);
        return new PhoneQueueSnapshot(now, view);
    });

    public Task<PhoneQueueSnapshot> GetAsync() => _read.GetAsync();
}
