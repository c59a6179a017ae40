using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Features.Routing;
using PayDesk.Infrastructure;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Analytics;

/// <summary>What the supervisor board shows, read at one moment.</summary>
internal sealed record SupervisorBoardSnapshot(
    DateTimeOffset ReadAt,
    IReadOnlyList<SupervisorBoardSnapshot.ChannelCount> Today,
    IReadOnlyList<int> ByHour,
    IReadOnlyList<SupervisorBoardSnapshot.Latest> Newest,
    IReadOnlyList<SlaRow> Sla,
    IReadOnlyList<SatisfactionRow> Satisfaction,
    GetRoutingOverview.Overview Overview,
    int PendingApprovals)
{
    public sealed record ChannelCount(TicketChannel Channel, int Count);

    public sealed record Latest(string Number, string Subject, TicketChannel Channel, DateTime CreatedAt);
}

/// <summary>The supervisor board's figures, read once per instance every few seconds however many boards are open.</summary>
internal sealed class SupervisorBoardSource(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>How long one read serves every board on this instance.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(4);

    private readonly SharedRead<SupervisorBoardSnapshot> _read = new(clock, FreshFor, ct => ReadAsync(scopes, clock, ct));

    public Task<SupervisorBoardSnapshot> GetAsync() => _read.GetAsync();

    public static async Task<SupervisorBoardSnapshot> ReadAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var now = clock.GetUtcNow();
        var overview = (await GetRoutingOverview.HandleAsync(db, users, clock, ct)).Value!;
        var since = ServiceTime.StartUtc(ServiceTime.DateOf(now.UtcDateTime));
        // Counted by the database, by channel and hour: a centre files tens of thousands a day.
        var until = since.AddDays(1);
        var counts = await db.Tickets.AsNoTracking().Where(t => t.CreatedAt >= since && t.CreatedAt < until)
            .GroupBy(t => new { t.Channel, t.CreatedAt.Hour })
            .Select(g => new { g.Key.Channel, g.Key.Hour, Count = g.Count() })
            .ToListAsync(ct);
        var today = counts.GroupBy(c => c.Channel).Select(g => new SupervisorBoardSnapshot.ChannelCount(g.Key, g.Sum(c => c.Count))).ToList();
        var byHour = new int[24];
        foreach (var c in counts)
        {
            // The UTC hour of today's complaints, as the centre's hours (no daylight saving: its midnight is since's hour).
            byHour[(c.Hour - since.Hour + 24) % 24] += c.Count;
        }
        var latest = await db.Tickets.AsNoTracking().OrderByDescending(t => t.CreatedAt).Take(8)
            .Select(t => new SupervisorBoardSnapshot.Latest(t.Number, t.Subject, t.Channel, t.CreatedAt)).ToListAsync(ct);
        // Service levels of the last seven days' complaints, satisfaction over the last eight weeks.
        var reports = scope.ServiceProvider.GetRequiredService<ReportQueries>();
        var utcNow = now.UtcDateTime;
        var sla = await reports.SlaAsync(new ReportFilter(utcNow.AddDays(-7), utcNow), ct);
        var satisfaction = await reports.SatisfactionAsync(new ReportFilter(utcNow.AddDays(-56), utcNow), ct);
        // Money actions waiting for a second person: on the board too, not only in the approvers' inbox.
        var pending = await db.ResolutionActions.AsNoTracking().CountAsync(a => a.Status == Complaints.ResolutionStatus.PendingApproval, ct);
        return new SupervisorBoardSnapshot(now, today, byHour, latest, sla, satisfaction, overview, pending);
    }
}
