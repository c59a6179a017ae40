using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Workforce;

/// <summary>
/// Counts PayDesk's own contacts into 30-minute intervals for the forecaster: inbound calls from
/// the phone system, chats from the chat service, every other channel from complaints as they
/// arrive (calls and chats that become complaints are counted once, as calls and chats).
/// </summary>
internal sealed class ContactRollup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ContactRollup> logger)
    : PeriodicService(TimeSpan.FromMinutes(5), logger)
{
    private bool _caughtUp;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // The first round after start catches up a week; later rounds recount the last two hours.
        await RollUpAsync(scopes, now.AddHours(_caughtUp ? -2 : -24 * 7), now, ct);
        _caughtUp = true;
    }

    public static async Task RollUpAsync(IServiceScopeFactory scopes, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var from = Floor(fromUtc);

        var counts = new Dictionary<(TicketChannel, DateTime), (int Offered, int Handled, long Seconds)>();
        void Count(TicketChannel channel, DateTime at, bool handled, double seconds)
        {
            var key = (channel, Floor(at));
            var c = counts.GetValueOrDefault(key);
            counts[key] = (c.Offered + 1, c.Handled + (handled ? 1 : 0), c.Seconds + (long)seconds);
        }

        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.StartedAt >= from && c.StartedAt < toUtc && c.Direction == Channels.Phone.CallDirection.Inbound)
            .Select(c => new { c.StartedAt, c.AnsweredAt, c.EndedAt }).ToListAsync(ct);
        foreach (var c in calls)
        {
            Count(TicketChannel.Phone, c.StartedAt, c.AnsweredAt is not null,
                c.AnsweredAt is { } a && c.EndedAt is { } e ? (e - a).TotalSeconds : 0);
        }
        var chats = await db.Conversations.AsNoTracking()
            .Where(c => c.StartedAt >= from && c.StartedAt < toUtc)
            .Select(c => new { c.Channel, c.StartedAt, c.AcceptedAt, c.EndedAt }).ToListAsync(ct);
        foreach (var c in chats)
        {
            Count(c.Channel, c.StartedAt, c.AcceptedAt is not null,
                c.AcceptedAt is { } a && c.EndedAt is { } e ? (e - a).TotalSeconds : 0);
        }
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.CreatedAt >= from && t.CreatedAt < toUtc && t.Channel != TicketChannel.Phone && t.Channel != TicketChannel.Chat)
            .Select(t => new { t.Channel, t.CreatedAt }).ToListAsync(ct);
        foreach (var t in tickets) Count(t.Channel, t.CreatedAt, true, 0);

        var existing = await db.ContactIntervals.Where(c => c.Source == ContactSource.Live && c.StartUtc >= from && c.StartUtc < toUtc).ToListAsync(ct);
        var byKey = existing.ToDictionary(c => (c.Channel, c.StartUtc));
        foreach (var ((channel, start), c) in counts)
        {
            if (!byKey.TryGetValue((channel, start), out var row))
            {
                db.ContactIntervals.Add(row = new ContactInterval { Channel = channel, StartUtc = start, Source = ContactSource.Live });
            }
            (row.Offered, row.Handled, row.HandleSeconds) = (c.Offered, c.Handled, c.Seconds);
        }
        await db.SaveChangesAsync(ct);
    }

    private static DateTime Floor(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.FromMinutes(30).Ticks, DateTimeKind.Utc);
}
