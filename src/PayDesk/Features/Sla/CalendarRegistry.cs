using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Sla;

/// <summary>
/// The compiled calendars of this installation, from the database. Built once and rebuilt when an
/// admin changes a calendar (here) or when another instance did (seen by the periodic refresh).
/// Until loaded, the built-in defaults answer, so nothing waits on the database.
/// </summary>
internal sealed class CalendarRegistry(IServiceScopeFactory scopes, TimeProvider clock)
{
    private volatile IReadOnlyDictionary<string, BusinessCalendar> _compiled = new Dictionary<string, BusinessCalendar>();
    private DateTime _version;

    public BusinessCalendar Get(string name) =>
        _compiled.TryGetValue(name, out var calendar) ? calendar
        : CalendarCache.Default(name) ?? CalendarCache.Default(DefaultCalendars.Standard)!;

    public bool Exists(string name) => _compiled.ContainsKey(name) || DefaultCalendars.Find(name) is not null;

    public IReadOnlyCollection<string> Names => _compiled.Count > 0 ? _compiled.Keys.Order().ToList() : DefaultCalendars.Names;

    /// <summary>Writes the default calendars when the database has none, then loads.</summary>
    public async Task InitialiseAsync(CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (!await db.ServiceCalendars.AnyAsync(ct))
            {
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var name in DefaultCalendars.Names) db.ServiceCalendars.Add(ServiceCalendar.From(DefaultCalendars.Find(name)!, now));
                await db.SaveChangesAsync(ct);
            }
        }
        await ReloadAsync(ct);
    }

    /// <summary>Recompiles when any calendar changed since the last load.</summary>
    public async Task ReloadAsync(CancellationToken ct, bool force = false)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The newest change and the count: a calendar removed on another instance changes no remaining calendar's time.
        var version = await db.ServiceCalendars.MaxAsync(c => (DateTime?)c.UpdatedAt, ct) ?? DateTime.MinValue;
        var count = await db.ServiceCalendars.CountAsync(ct);
        if (!force && version == _version && count == _compiled.Count && _compiled.Count > 0) return;
        var calendars = await db.ServiceCalendars.AsNoTracking().Include(c => c.Days).ToListAsync(ct);
        var compiled = new ConcurrentDictionary<string, BusinessCalendar>();
        foreach (var calendar in calendars)
        {
            compiled[calendar.Name] = new BusinessCalendar(calendar.ToDefinition(), CalendarCache.FirstDay, CalendarCache.LastDay);
        }
        _compiled = compiled;
        _version = version;
    }
}

/// <summary>After a calendar changes, running clocks on it get new due times (business time already used stays).</summary>
internal static class CalendarChanges
{
    public static async Task<int> RescheduleAsync(AppDbContext db, string calendar, SlaPolicyStore policy,
        CalendarRegistry calendars, CancellationToken ct)
    {
        var changed = 0;
        Guid? after = null;
        while (true)
        {
            var batch = await db.SlaClocks
                .Where(c => c.Calendar == calendar && c.StoppedAt == null && c.RunningSince != null && (after == null || c.Id.CompareTo(after.Value) > 0))
                .OrderBy(c => c.Id).Take(1000).ToListAsync(ct);
            if (batch.Count == 0) return changed;
            foreach (var clock in batch) SlaClocks.Schedule(clock, policy.Current, calendars);
            await db.SaveChangesAsync(ct);
            changed += batch.Count;
            after = batch[^1].Id;
            db.ChangeTracker.Clear();
        }
    }
}

internal sealed class CalendarRefreshService(CalendarRegistry registry, SlaPolicyStore policy, ILogger<CalendarRefreshService> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(60), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await registry.ReloadAsync(ct);
        await policy.ReloadAsync(ct);
    }
}
