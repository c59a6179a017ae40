using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Sla;
using PayDesk.Features.Surveys;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <param name="WeekStart">Any day of the week to sample (the week runs Monday–Sunday, UTC); default this week.</param>
/// <param name="PerAgent">Random complaints per agent besides the must-reviews (0–20).</param>
/// <param name="AgentId">Only this agent's complaints; default every agent's.</param>
/// <param name="ReviewerIds">Reviewers the picks are dealt to; default the supervisor drawing.</param>
/// <param name="LowCsatAtMost">A CSAT answer at or below this (1–5 scale) makes a complaint a must-review; default 2 (不满意 and 非常不满意).</param>
/// <param name="Seed">Makes the random picks repeatable (tests, audits of the draw).</param>
/// <param name="LowAutoScoreBelow">An automatic-review score (0–100) below this makes a complaint a must-review; default 60, 0 turns it off.</param>
public sealed record SampleInput(DateOnly? WeekStart, int? PerAgent, Guid? AgentId, List<Guid>? ReviewerIds, Guid? RubricId, int? LowCsatAtMost, int? Seed,
    int? LowAutoScoreBelow = null);

public sealed record SampleView(Guid Id, DateOnly WeekStart, int PerAgent, int LowCsatAtMost, int Drawn, IReadOnlyList<ReviewSummary> Reviews);

/// <summary>
/// A supervisor draws the week's sample (抽检): every escalated, SLA-breached, reopened, low-CSAT or low auto-scored complaint an agent
/// owned that was opened in the week, plus N more per agent at random, dealt to reviewers. Complaints already
/// reviewed or queued are left out. Reads the complaint, clock and survey tables; writes only reviews.
/// </summary>
internal static class DrawSample
{
    public const int DefaultLowCsat = 2;
    public const int DefaultLowAutoScore = 60;

    public static async Task<QualityOutcome<SampleView>> RunAsync(AppDbContext db, Actor actor, TimeProvider clock, SampleInput input, CancellationToken ct)
    {
        static QualityOutcome<SampleView> Bad(string field, string key, params object[] args) => QualityOutcome<SampleView>.Fail(QualityFailure.Invalid, field, key, args);
        var now = clock.GetUtcNow().UtcDateTime;
        var perAgent = input.PerAgent ?? 3;
        if (perAgent is < 0 or > 20) return Bad("perAgent", "Quality.Sample.BadPerAgent");
        var lowCsat = input.LowCsatAtMost ?? DefaultLowCsat;
        if (lowCsat is < 1 or > 5) return Bad("lowCsatAtMost", "Quality.Sample.BadLowCsat");
        var lowAuto = input.LowAutoScoreBelow ?? DefaultLowAutoScore;
        if (lowAuto is < 0 or > 100) return Bad("lowAutoScoreBelow", "Quality.Sample.BadLowAutoScore");
        var week = QualityWeek.OfDay(input.WeekStart ?? Complaints.ServiceTime.DateOf(now));
        if (week < Infrastructure.Http.ValidationErrors.FirstDate || week > Infrastructure.Http.ValidationErrors.LastDate) return Bad("weekStart", "Quality.Sample.BadWeek");
        var rubric = await AssignReview.CurrentRubricAsync(db, input.RubricId, ct);
        if (rubric is null) return Bad("rubricId", "Quality.NoRubric");

        var reviewers = await QualityPeople.ReviewersAsync(db, ct);
        var dealt = input.ReviewerIds is { Count: > 0 } ids ? ids.Distinct().ToList() : actor.UserId is { } me ? [me] : [];
        if (dealt.Any(id => reviewers.All(r => r.Id != id))) return Bad("reviewerIds", "Quality.NotAReviewer");

        var from = QualityWeek.StartUtc(week);
        var to = from.AddDays(7);
        var tickets = db.Tickets.AsNoTracking().Where(t => t.OwnerId != null && t.MergedIntoId == null && t.CreatedAt >= from && t.CreatedAt < to);
        if (input.AgentId is { } agent) tickets = tickets.Where(t => t.OwnerId == agent);
        var reviewed = db.Set<QualityReview>().Where(r => r.CalibrationId == null).Select(r => r.TicketId);
        var breached = db.SlaClocks.Where(c => c.Status == ClockStatus.Breached || c.BreachedAt != null).Select(c => c.TicketId);
        var unhappy = db.Surveys.Where(s => s.Kind == SurveyKind.Csat && s.TicketId != null && s.Score != null && s.Score <= lowCsat).Select(s => s.TicketId!.Value);
        var lowScored = db.Set<AutomaticReview>()
            .Where(r => r.Subject == ReviewSubject.Complaint && r.Score != null && r.Score < lowAuto).Select(r => r.SubjectId);
        var rows = await tickets.Where(t => !reviewed.Contains(t.Id))
            .Select(t => new
            {
                t.Id, t.Number, OwnerId = t.OwnerId!.Value, t.CreatedAt, t.ResolvedAt,
                Escalated = t.EscalationLevel > 0,
                Reopened = t.ReopenCount > 0,
                LowCsat = unhappy.Contains(t.Id),
                Breached = t.ResolutionMet == false || t.RegulatoryMet == false || breached.Contains(t.Id),
                LowAutoScore = lowScored.Contains(t.Id),
            }).ToListAsync(ct);

        var random = input.Seed is { } seed ? new Random(seed) : new Random();
        var picks = QualitySampler.Pick(rows.Select(r => new SampleCandidate(r.Id, r.OwnerId, r.Escalated, r.Reopened, r.LowCsat, r.Breached, r.LowAutoScore)), perAgent, dealt, random);
        var names = await QualityPeople.NamesAsync(db, picks.Select(p => p.AgentId).Concat(dealt), ct);
        var byId = rows.ToDictionary(r => r.Id);
        var sample = new QualitySample
        {
            WeekStart = week, PerAgent = perAgent, LowCsatAtMost = lowCsat, DrawnAt = now, DrawnById = actor.UserId, DrawnByName = actor.Name, Drawn = picks.Count,
        };
        var reviews = picks.Select(p =>
        {
            var row = byId[p.TicketId];
            return AssignReview.NewReview(rubric, new AssignReview.TicketFacts(row.Id, row.Number, row.OwnerId, row.CreatedAt, row.ResolvedAt),
                names.GetValueOrDefault(p.AgentId, "—"), p.ReviewerId, p.ReviewerId is { } r ? names.GetValueOrDefault(r) : null, p.Reason, sample.Id, null, now);
        }).ToList();
        db.Set<QualitySample>().Add(sample);
        db.Set<QualityReview>().AddRange(reviews);
        await db.SaveChangesAsync(ct);
        return QualityOutcome<SampleView>.Of(new SampleView(sample.Id, week, perAgent, lowCsat, reviews.Count, reviews.Select(AssignReview.Summary).ToList()));
    }
}
