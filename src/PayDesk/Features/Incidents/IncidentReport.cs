using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Incidents;

/// <summary>One incident in the report; times in minutes from when the failure started.</summary>
public sealed record IncidentReportRow(
    string Number, string Title, IncidentStatus Status, DateTime StartedAt, int Complaints,
    double? MinutesToDetect, double? MinutesToFirstAnnouncement, double? MinutesToResolve);

public sealed record IncidentReport(DateOnly From, DateOnly To, IReadOnlyList<IncidentReportRow> Incidents, int ComplaintsLinked, int ComplaintsUnlinked);

/// <summary>
/// 故障报表: incidents that started in a period with their complaint counts, time to detect (detector's suggestion, else the
/// incident's opening), to first announcement and to resolve; and the period's complaints linked to an incident or not.
/// </summary>
internal static class IncidentReports
{
    public const int MaxDays = 366, MaxRows = 500;

    public static async Task<Outcome<IncidentReport>> BuildAsync(AppDbContext db, string? from, string? to, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, ServiceTime.China));
        var start = errors.OptionalDate("from", from) ?? today.AddDays(-29);
        var end = errors.OptionalDate("to", to) ?? today;
        if (end < start) errors.AddKey("to", "Incident.WindowBackwards");
        else if (end.DayNumber - start.DayNumber >= MaxDays) errors.AddKey("to", "Incident.PeriodTooLong", MaxDays);
        if (errors.Any) return errors;
        var fromUtc = TimeZoneInfo.ConvertTimeToUtc(start.ToDateTime(TimeOnly.MinValue), ServiceTime.China);
        var toUtc = TimeZoneInfo.ConvertTimeToUtc(end.AddDays(1).ToDateTime(TimeOnly.MinValue), ServiceTime.China);

        var incidents = await db.Set<Incident>().AsNoTracking().Where(i => i.StartedAt >= fromUtc && i.StartedAt < toUtc)
            .OrderByDescending(i => i.StartedAt).Take(MaxRows)
            .Select(i => new { i.Number, i.Title, i.Status, i.StartedAt, i.DetectedAt, i.CreatedAt, i.FirstAnnouncedAt, i.ResolvedAt,
                Complaints = db.Set<IncidentComplaint>().Count(c => c.IncidentId == i.Id) })
            .ToListAsync(ct);
        static double? Minutes(DateTime start, DateTime? at) => at is { } t ? Math.Round(Math.Max((t - start).TotalMinutes, 0), 1) : null;
        var rows = incidents.Select(i => new IncidentReportRow(i.Number, i.Title, i.Status, i.StartedAt, i.Complaints,
            Minutes(i.StartedAt, i.DetectedAt ?? i.CreatedAt), Minutes(i.StartedAt, i.FirstAnnouncedAt), Minutes(i.StartedAt, i.ResolvedAt))).ToList();
        var period = db.Tickets.AsNoTracking().Where(t => t.CreatedAt >= fromUtc && t.CreatedAt < toUtc);
        var linked = await period.CountAsync(t => db.Set<IncidentComplaint>().Any(c => c.TicketId == t.Id), ct);
        var all = await period.CountAsync(ct);
        return new IncidentReport(start, end, rows, linked, all - linked);
    }
}
