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
/// SQLite it is one more statement under the single writer). A number is never given twice;
/// numbers left in a block when the process stops are skipped, which leaves gaps.
/// </summary>
internal sealed class TicketNumberAllocator(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const int BlockSize = 50;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private int _year;
    private long _next;
    private long _end;

    public async Task<string> NextAsync(CancellationToken ct)
    {
        var year = TicketNumbers.YearOf(clock.GetUtcNow().UtcDateTime);
        await _lock.WaitAsync(ct);
        try
        {
            if (year != _year || _next > _end)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await using var tx = await db.BeginWriteAsync(ct);
                var end = await db.AdvanceAsync(TicketNumbers.CounterName(year), BlockSize, ct);
                await tx.CommitAsync(ct);
                (_year, _next, _end) = (year, end - BlockSize + 1, end);
            }
            return TicketNumbers.Format(year, _next++);
        }
        finally
        {
            _lock.Release();
        }
    }
}

internal static class ServiceTime
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
}
