using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Tickets;

/// <summary>Human-friendly complaint numbers, PD-YYYY-NNNNNN, counted per year.</summary>
internal static class TicketNumbers
{
    public static string Format(int year, long sequence) => $"PD-{year}-{sequence:D6}";

    public static async Task<string> NextAsync(AppDbContext db, DateTime utcNow, CancellationToken ct)
    {
        // The year is the service centre's (Beijing time), so a complaint filed at 07:00 on
        // 1 January in Shanghai is numbered in the new year.
        var year = TimeZoneInfo.ConvertTimeFromUtc(utcNow, ServiceTime.China).Year;
        return Format(year, await db.NextAsync($"ticket:{year}", ct));
    }
}

internal static class ServiceTime
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
}
