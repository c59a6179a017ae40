using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Complaints;

/// <summary>Human-friendly complaint numbers, PD-YYYY-NNNNNN, counted per year.</summary>
internal static class TicketNumbers
{
    public static string Format(int year, long sequence) => $"PD-{year}-{sequence:D6}";

    /// <summary>
    /// The year is the service centre's (Beijing time), so a complaint filed at 07:00 on
    /// 1 January in Shanghai is numbered in the new year.
    /// </summary>
    public static int YearOf(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, ServiceTime.China).Year;

    public static string CounterName(int year) => $"ticket:{year}";

    /// <summary>Takes one number inside the caller's write transaction (bulk loads such as demo data).</summary>
    public static async Task<string> NextInTransactionAsync(AppDbContext db, DateTime utc, CancellationToken ct)
    {
        var year = YearOf(utc);
        return Format(year, await db.AdvanceAsync(CounterName(year), 1, ct));
    }
}

/// <summary>
/// Hands out ticket numbers from blocks reserved in the database, so intake does not write the
/// counter row for every complaint (on PostgreSQL that row lock would serialise all intake; on
/// SQLite it is one more statement under the single writer). The next block is reserved in the
/// background once half of the current one is used, so no complaint waits for a reservation (under
/// intake load on SQLite every request waited behind the one that did, and the writer sat idle).
/// A number is never given twice; numbers left in blocks when the process stops are skipped, which
/// leaves gaps (at most two blocks per process).
/// </summary>
internal sealed partial class TicketNumberAllocator(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TicketNumberAllocator> logger)
{
    public const int BlockSize = 50;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private int _year;
    private long _next;
    private long _end;
    private Task<(int Year, long End)?>? _reserving; // the next block, being reserved in the background

    public async Task<string> NextAsync(CancellationToken ct)
    {
        var year = TicketNumbers.YearOf(clock.GetUtcNow().UtcDateTime);
        await _lock.WaitAsync(ct);
        try
        {
            if (year != _year || _next > _end)
            {
                // The block reserved ahead, if it is for this year and was reserved; else one now.
                var ahead = _reserving is { } reserving ? await reserving.WaitAsync(ct) : null;
                _reserving = null;
                var end = ahead is { } block && block.Year == year ? block.End : await ReserveAsync(year, ct);
                (_year, _next, _end) = (year, end - BlockSize + 1, end);
            }
            var number = _next++;
            if (_reserving is null && _end - _next < BlockSize / 2) _reserving = ReserveAheadAsync(year);
            return TicketNumbers.Format(year, number);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<long> ReserveAsync(int year, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.BeginWriteAsync(ct);
        var end = await db.AdvanceAsync(TicketNumbers.CounterName(year), BlockSize, ct);
        await tx.CommitAsync(ct);
        return end;
    }

    /// <summary>The next block, or null when reserving it failed (the complaint that needs it then reserves one itself).</summary>
    private async Task<(int Year, long End)?> ReserveAheadAsync(int year)
    {
        try
        {
            // Off the request's path and not cancelled with it: a reservation is one short write.
            await Task.Yield();
            return (year, await ReserveAsync(year, CancellationToken.None));
        }
        catch (Exception ex)
        {
            LogReserveAheadFailed(logger, ex);
            return null;
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Reserving the next block of complaint numbers ahead failed; the next complaint reserves one itself.")]
    private static partial void LogReserveAheadFailed(ILogger logger, Exception ex);
}

internal static class ServiceTime
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>A stored zone id (a customer's, a team calendar's) as a zone; the service centre's own when it is missing or unknown.</summary>
    public static TimeZoneInfo Zone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : China;

    /// <summary>
    /// A zone as people read it: China's as "北京时间", any other as its id and its offset now ("Asia/Tokyo (UTC+09:00)");
    /// the ids alone ("Asia/Shanghai") read as configuration, not as time.
    /// </summary>
    public static string Label(string? id, Microsoft.Extensions.Localization.IStringLocalizer l)
    {
        var zone = Zone(id);
        if (zone.Id == China.Id || id is "Asia/Chongqing" or "Asia/Harbin" or "PRC") return l["Zone.Beijing"];
        var offset = zone.GetUtcOffset(DateTime.UtcNow);
        return $"{zone.Id} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm})";
    }

    /// <summary>The service centre's offset from UTC (China keeps no daylight saving), for day and week arithmetic.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The service centre's date at the instant <paramref name="utc"/>.</summary>
    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    /// <summary>The UTC instant the service centre's day <paramref name="date"/> begins.</summary>
    public static DateTime StartUtc(DateOnly date) => DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);
}
