using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Workforce;

/// <summary>The suggested roster for seven days from a date: agents per shift per day, agent-hours, understaffed intervals.</summary>
internal static class GetWeekRoster
{
    public sealed record RosterDay(DateOnly Date, IReadOnlyList<RosterLine> Lines, double AgentHours, int PeakRequired, int UnderstaffedIntervals);

    public sealed record WeekRosterResponse(DateOnly From, IReadOnlyList<ShiftPattern> Shifts, IReadOnlyList<RosterDay> Days, double AgentHours);

    public sealed record RosterCsvRow(DateOnly Date, string Shift, TimeOnly Start, double Hours, int Agents);

    internal static WeekRosterResponse Week(DateOnly from, IReadOnlyList<ShiftPattern> shifts, List<StaffingDay> days) =>
        new(from, shifts, days.Select(d => new RosterDay(d.Date, d.Roster, d.AgentHours, d.Intervals.Max(i => i.Required), d.UnderstaffedIntervals)).ToList(),
            days.Sum(d => d.AgentHours));

    public static async Task<Results<Ok<WeekRosterResponse>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        string? from, string? format, WorkforcePlanner planner, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var start = errors.OptionalDate("from", from) ?? planner.Today.AddDays(1);
        if (errors.Any) return errors.ToProblem();
        var week = Week(start, planner.Shifts, await planner.StaffingWeekAsync(start, ct));
        if (format == "csv")
        {
            return Csv.Records($"roster-{start:yyyyMMdd}", week.Days.SelectMany(d => week.Shifts.Select(s =>
                new RosterCsvRow(d.Date, s.Name, s.Start, s.Hours, d.Lines.FirstOrDefault(x => x.Shift == s)?.Agents ?? 0))));
        }
        return TypedResults.Ok(week);
    }
}
