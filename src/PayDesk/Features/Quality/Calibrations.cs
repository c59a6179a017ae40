using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

public sealed record CalibrationInput(string? Ticket, List<Guid>? ReviewerIds, Guid? RubricId);

public sealed record CalibrationRow(Guid Id, string TicketNumber, DateTime CreatedAt, string CreatedByName, int Reviewers, int Submitted);

public sealed record Spread(decimal Min, decimal Max, decimal Mean, decimal Range);

public sealed record CalibrationItem(string ItemKey, string ItemName, string? ItemNameEn, int Max, IReadOnlyList<int?> Values, Spread? Spread,
    ItemScale Scale = ItemScale.Points);

public sealed record CalibrationReviewer(Guid ReviewId, string Name, bool Submitted, decimal? Total);

/// <summary>
/// A calibration session's result. Until every reviewer has submitted only who has is shown (reviewers score on their
/// own); then each reviewer's value per item, and the spread (lowest, highest, mean, range) per item and of the totals.
/// </summary>
public sealed record CalibrationView(Guid Id, string TicketNumber, DateTime CreatedAt, string CreatedByName, bool Complete,
    IReadOnlyList<CalibrationReviewer> Reviewers, IReadOnlyList<CalibrationItem> Items, Spread? Total, Guid? MyReviewId);

/// <summary>Calibration sessions (校准): several reviewers score the same complaint independently and compare.</summary>
internal static class Calibrations
{
    public static async Task<QualityOutcome<CalibrationView>> StartAsync(AppDbContext db, Actor actor, TimeProvider clock, CalibrationInput input, CancellationToken ct)
    {
        static QualityOutcome<CalibrationView> Bad(string field, string key, params object[] args) => QualityOutcome<CalibrationView>.Fail(QualityFailure.Invalid, field, key, args);
        if (string.IsNullOrWhiteSpace(input.Ticket)) return Bad("ticket", "Validation.Required");
        var ticket = await AssignReview.FindTicketAsync(db, input.Ticket.Trim(), ct);
        if (ticket is null) return Bad("ticket", "Quality.Pick.NoSuchComplaint");
        if (ticket.OwnerId is not { } owner) return Bad("ticket", "Quality.Pick.NoOwner");
        var ids = (input.ReviewerIds ?? []).Distinct().ToList();
        if (ids.Count is < 2 or > 10) return Bad("reviewerIds", "Quality.Calibration.Reviewers");
        var reviewers = await QualityPeople.ReviewersAsync(db, ct);
        if (ids.Any(id => reviewers.All(r => r.Id != id))) return Bad("reviewerIds", "Quality.NotAReviewer");
        if (ids.Contains(owner)) return QualityOutcome<CalibrationView>.Fail(QualityFailure.Forbidden, "reviewerIds", "Quality.OwnWork");
        var rubric = await AssignReview.CurrentRubricAsync(db, input.RubricId, ct);
        if (rubric is null) return Bad("rubricId", "Quality.NoRubric");

        var now = clock.GetUtcNow().UtcDateTime;
        var calibration = new QualityCalibration
        {
            TicketId = ticket.Id, TicketNumber = ticket.Number, RubricId = rubric.Id, CreatedAt = now, CreatedById = actor.UserId, CreatedByName = actor.Name,
        };
        var names = await QualityPeople.NamesAsync(db, ids.Append(owner), ct);
        db.Set<QualityCalibration>().Add(calibration);
        foreach (var reviewer in ids)
        {
            db.Set<QualityReview>().Add(AssignReview.NewReview(rubric, ticket, names.GetValueOrDefault(owner, "—"), reviewer, names.GetValueOrDefault(reviewer),
                SampleReason.Calibration, null, calibration.Id, now));
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(db, actor, calibration.Id, ct);
    }

    public static async Task<IReadOnlyList<CalibrationRow>> ListAsync(AppDbContext db, int take, CancellationToken ct)
    {
        var sessions = await db.Set<QualityCalibration>().AsNoTracking().OrderByDescending(c => c.CreatedAt).Take(take).ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var counts = await db.Set<QualityReview>().AsNoTracking().Where(r => r.CalibrationId != null && ids.Contains(r.CalibrationId.Value))
            .GroupBy(r => r.CalibrationId!.Value)
            .Select(g => new { g.Key, All = g.Count(), Done = g.Count(r => r.Status != ReviewStatus.Assigned) }).ToDictionaryAsync(x => x.Key, ct);
        return sessions.Select(s => new CalibrationRow(s.Id, s.TicketNumber, s.CreatedAt, s.CreatedByName,
            counts.GetValueOrDefault(s.Id)?.All ?? 0, counts.GetValueOrDefault(s.Id)?.Done ?? 0)).ToList();
    }

    public static async Task<QualityOutcome<CalibrationView>> GetAsync(AppDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var calibration = await db.Set<QualityCalibration>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calibration is null) return QualityOutcome<CalibrationView>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        var reviews = await db.Set<QualityReview>().AsNoTracking().Include(r => r.Scores).Where(r => r.CalibrationId == id).OrderBy(r => r.ReviewerName).ToListAsync(ct);
        return QualityOutcome<CalibrationView>.Of(Result(calibration, reviews, actor.UserId));
    }

    internal static CalibrationView Result(QualityCalibration c, IReadOnlyList<QualityReview> reviews, Guid? me)
    {
        var complete = reviews.Count > 0 && reviews.All(r => r.Status != ReviewStatus.Assigned);
        var reviewers = reviews.Select(r => new CalibrationReviewer(r.Id, r.ReviewerName ?? "—", r.Status != ReviewStatus.Assigned, complete ? r.Total : null)).ToList();
        var items = new List<CalibrationItem>();
        Spread? total = null;
        if (complete)
        {
            foreach (var first in reviews[0].Scores.OrderBy(s => s.Order))
            {
                var values = reviews.Select(r => r.Scores.FirstOrDefault(s => s.ItemKey == first.ItemKey)?.Value).ToList();
                // The spread is of the share of the item earned (0–1 of its maximum), shown in the item's own units.
                items.Add(new CalibrationItem(first.ItemKey, first.ItemName, first.ItemNameEn, SubmitReview.Rule(first).Max, values,
                    SpreadOf(values.Where(v => v is not null).Select(v => (decimal)v!.Value).ToList()), first.Scale));
            }
            total = SpreadOf(reviews.Select(r => r.Total ?? 0).ToList());
        }
        return new CalibrationView(c.Id, c.TicketNumber, c.CreatedAt, c.CreatedByName, complete, reviewers, items, total,
            reviews.FirstOrDefault(r => r.ReviewerId == me)?.Id);
    }

    internal static Spread? SpreadOf(IReadOnlyList<decimal> values) => values.Count == 0 ? null
        : new Spread(values.Min(), values.Max(), Math.Round(values.Average(), 2, MidpointRounding.AwayFromZero), values.Max() - values.Min());
}
