using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Analytics;

/// <summary>Which complaints a report covers: arrived in [From, To), optionally one team, region, channel, category.</summary>
public sealed record ReportFilter(DateTime From, DateTime To, string? Team = null, string? Region = null, TicketChannel? Channel = null, TicketCategory? Category = null)
{
    /// <summary>The longest period one report covers.</summary>
    public const int MaxDays = 400;

    /// <summary>The shared filters as a query string or the reports page gives them.</summary>
    public sealed record Query(string? From, string? To, string? Team, string? Region, string? Channel, string? Category);

    /// <summary>Reads the shared filters; dates are local days of the service centre, the period ends at the end of "to".</summary>
    internal static ReportFilter? Parse(Query q, DateTime now, TimeZoneInfo zone, ValidationErrors errors)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        var to = errors.OptionalDate("to", q.To) ?? today;
        var from = errors.OptionalDate("from", q.From) ?? to.AddDays(-29);
        if (from > to) errors.AddKey("to", "Validation.RangeOrder");
        else if (to.DayNumber - from.DayNumber >= MaxDays) errors.AddKey("from", "Report.PeriodTooLong", MaxDays);
        var channel = EnumText.Parse<TicketChannel>(q.Channel, "channel", errors);
        var category = EnumText.Parse<TicketCategory>(q.Category, "category", errors);
        errors.MaxLength("team", q.Team, 64);
        errors.MaxLength("region", q.Region, 64);
        if (errors.Any) return null;
        DateTime Utc(DateOnly d) => TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(TimeOnly.MinValue), zone);
        return new ReportFilter(Utc(from), Utc(to.AddDays(1)), Blank(q.Team), Blank(q.Region), channel, category);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
