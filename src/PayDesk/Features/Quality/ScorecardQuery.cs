using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <summary>One agent's or team's points of one kind (automatic, manual, follow-up) in one week.</summary>
public sealed record ScorecardWeek(
    string Key, string Name, string? Team, DateOnly WeekStart, QualityScoreKind Kind, string KindLabel,
    decimal Points, decimal MaxPoints, double? Score, int Scored);

/// <summary>An item and the points it lost over the period (of one kind), most first.</summary>
public sealed record ScorecardItemLoss(QualityScoreKind Kind, string KindLabel, string ItemKey, string ItemName, decimal LostPoints, decimal MaxPoints, int Count);

/// <summary>An agent's or team's score of one kind over the whole period.</summary>
public sealed record ScorecardTotal(string Key, string Name, string? Team, QualityScoreKind Kind, string KindLabel, double? Score, int Scored);

/// <summary>The scorecards of a period: per week, per agent or team over the period, and the items that lose most.</summary>
public sealed record ScorecardReport(
    DateOnly From, DateOnly To, string By, IReadOnlyList<DateOnly> Weeks, IReadOnlyList<QualityScoreKind> Kinds,
    IReadOnlyList<ScorecardWeek> Rows, IReadOnlyList<ScorecardTotal> Totals, IReadOnlyList<ScorecardItemLoss> Losses);

/// <summary>
/// Scorecards per agent and team over time (质检 scorecards): everything registered as an <see cref="IQualityScoreSource"/>
/// (the automatic review, reviewers' reviews, follow-up visits), each kind labelled, never mixed into one number.
/// </summary>
internal sealed class ScorecardQuery(IEnumerable<IQualityScoreSource> sources, AppDbContext db, IStringLocalizer<SharedResource> l)
{
    public const int DefaultWeeks = 8;
    public const int MaxDays = 400;

    /// <summary>What a caller may ask: period (the service centre's dates; weeks start on Monday), by agent or team, one agent, team or kind.</summary>
    public sealed record Filter(DateOnly From, DateOnly To, string By, Guid? Agent, string? Team, QualityScoreKind? Kind);

    /// <summary>Reads the query string's filters; an agent who is not a supervisor sees only their own card.</summary>
    public static Filter? Parse(string? from, string? to, string? by, string? agent, string? team, string? kind, Actor actor, DateTime now,
        ValidationErrors errors)
    {
        var today = Complaints.ServiceTime.DateOf(now);
        var end = errors.OptionalDate("to", to) ?? today;
        var start = errors.OptionalDate("from", from) ?? WeekOf(end).AddDays(-7 * (DefaultWeeks - 1));
        if (start > end) errors.AddKey("to", "Validation.RangeOrder");
        else if (end.DayNumber - start.DayNumber >= MaxDays) errors.AddKey("from", "Report.PeriodTooLong", MaxDays);
        by = string.IsNullOrWhiteSpace(by) ? "agent" : by.Trim().ToLowerInvariant();
        if (by is not ("agent" or "team")) errors.AddKey("by", "Report.ScorecardBy");
        Guid? agentId = null;
        if (!string.IsNullOrWhiteSpace(agent))
        {
            if (Guid.TryParse(agent, out var id)) agentId = id;
            else errors.AddKey("agent", "Quality.Scorecard.BadAgent");
        }
        errors.MaxLength("team", team, 64);
        var scoreKind = EnumText.Parse<QualityScoreKind>(kind, "kind", errors);
        if (errors.Any) return null;
        if (!IsSupervisor(actor))
        {
            // 坐席 see their own scorecard only.
            agentId = actor.UserId;
            by = "agent";
            team = null;
        }
        return new Filter(start, end, by, agentId, string.IsNullOrWhiteSpace(team) ? null : team.Trim(), scoreKind);
    }

    public static bool IsSupervisor(Actor actor) => actor.IsSupervisor;

    public static DateOnly WeekOf(DateOnly day) => QualityWeek.OfDay(day);

    public string KindLabel(QualityScoreKind kind) => l[$"Quality.Kind.{kind}"];

    public async Task<ScorecardReport> RunAsync(Filter f, CancellationToken ct)
    {
        var fromUtc = QualityWeek.StartUtc(f.From);
        var toUtc = QualityWeek.StartUtc(f.To.AddDays(1));
        var totals = new List<QualityItemTotal>();
        // Sources share the scoped DbContext, so they run one after another.
        foreach (var source in sources.Where(s => f.Kind is null || s.Kind == f.Kind).OrderBy(s => s.Kind))
        {
            totals.AddRange(await source.TotalsAsync(fromUtc, toUtc, ct));
        }
        var agentIds = totals.Select(t => t.AgentId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => agentIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var teams = await db.AgentProfiles.AsNoTracking().Where(a => agentIds.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId, a => a.Team, ct);

        if (f.Agent is { } only) totals = totals.Where(t => t.AgentId == only).ToList();
        if (f.Team is { } wantedTeam) totals = totals.Where(t => teams.GetValueOrDefault(t.AgentId) == wantedTeam).ToList();

        string KeyOf(Guid agent) => f.By == "team" ? teams.GetValueOrDefault(agent) ?? "" : agent.ToString();
        string NameOf(string key) => f.By == "team" ? TeamName(key) : Guid.TryParse(key, out var id) ? names.GetValueOrDefault(id, key) : key;
        string? TeamOf(string key) => f.By == "team" ? key : Guid.TryParse(key, out var id) ? teams.GetValueOrDefault(id) : null;

        var rows = totals.GroupBy(t => (Key: KeyOf(t.AgentId), t.WeekStart, t.Kind))
            .Select(g => Week(g.Key.Key, NameOf(g.Key.Key), TeamOf(g.Key.Key), g.Key.WeekStart, g.Key.Kind, g.ToList()))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.WeekStart).ThenBy(r => r.Kind).ToList();
        var overall = totals.GroupBy(t => (Key: KeyOf(t.AgentId), t.Kind))
            .Select(g =>
            {
                var w = Week(g.Key.Key, NameOf(g.Key.Key), TeamOf(g.Key.Key), default, g.Key.Kind, g.ToList());
                return new ScorecardTotal(w.Key, w.Name, w.Team, w.Kind, w.KindLabel, w.Score, w.Scored);
            })
            .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Kind).ToList();
        var losses = totals.GroupBy(t => (t.Kind, t.ItemKey))
            .Select(g => new ScorecardItemLoss(g.Key.Kind, KindLabel(g.Key.Kind), g.Key.ItemKey, g.First().ItemName,
                g.Sum(t => t.MaxPoints - t.Points), g.Sum(t => t.MaxPoints), g.Sum(t => t.Count)))
            .Where(x => x.LostPoints > 0)
            .OrderByDescending(x => x.LostPoints).ThenBy(x => x.ItemKey, StringComparer.Ordinal).ToList();
        var weeks = new List<DateOnly>();
        for (var w = WeekOf(f.From); w <= f.To; w = w.AddDays(7)) weeks.Add(w);
        var kinds = sources.Select(s => s.Kind).Where(k => f.Kind is null || k == f.Kind).Distinct().Order().ToList();
        return new ScorecardReport(f.From, f.To, f.By, weeks, kinds, rows, overall, losses);
    }

    private ScorecardWeek Week(string key, string name, string? team, DateOnly week, QualityScoreKind kind, List<QualityItemTotal> items)
    {
        var points = items.Sum(i => i.Points);
        var max = items.Sum(i => i.MaxPoints);
        return new ScorecardWeek(key, name, team, week, kind, KindLabel(kind), points, max,
            max == 0 ? null : Math.Round((double)(points / max) * 100, 1),
            // A complaint scores several items; the count of the most-scored item is the number of scored interactions.
            items.GroupBy(i => i.ItemKey).Select(g => g.Sum(i => i.Count)).DefaultIfEmpty(0).Max());
    }

    private string TeamName(string team) => team.Length == 0 ? l["Quality.Scorecard.NoTeam"] : l[$"Team.{team}"] is { ResourceNotFound: false } n ? n.Value : team;
}
