using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

public sealed record ReviewSummary(Guid Id, string TicketNumber, Guid AgentId, string AgentName, Guid? ReviewerId, string? ReviewerName,
    ReviewStatus Status, SampleReason Reason, string RubricName, int RubricVersion, decimal? Total, bool FatalFailed, DateTime AssignedAt,
    DateTime? SubmittedAt, DateOnly WeekStart, Guid? CalibrationId);

public sealed record PickInput(string? Ticket, Guid? RubricId);

/// <summary>
/// Putting a complaint in a reviewer's queue: the reviewer picks it by hand (the sample and calibrations use the same
/// <see cref="NewReview"/>). The agent reviewed is the complaint's owner; nobody reviews their own work.
/// </summary>
internal static class AssignReview
{
    internal sealed record TicketFacts(Guid Id, string Number, Guid? OwnerId, DateTime CreatedAt, DateTime? ResolvedAt);

    public static async Task<QualityOutcome<ReviewSummary>> PickAsync(AppDbContext db, Actor actor, TimeProvider clock, PickInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Ticket)) return QualityOutcome<ReviewSummary>.Fail(QualityFailure.Invalid, "ticket", "Validation.Required");
        var ticket = await FindTicketAsync(db, input.Ticket.Trim(), ct);
        if (ticket is null) return QualityOutcome<ReviewSummary>.Fail(QualityFailure.Invalid, "ticket", "Quality.Pick.NoSuchComplaint");
        if (ticket.OwnerId is not { } owner) return QualityOutcome<ReviewSummary>.Fail(QualityFailure.Invalid, "ticket", "Quality.Pick.NoOwner");
        if (owner == actor.UserId) return QualityOutcome<ReviewSummary>.Fail(QualityFailure.Forbidden, "ticket", "Quality.OwnWork");
        var rubric = await CurrentRubricAsync(db, input.RubricId, ct);
        if (rubric is null) return QualityOutcome<ReviewSummary>.Fail(QualityFailure.Invalid, "rubricId", "Quality.NoRubric");
        var names = await QualityPeople.NamesAsync(db, [owner], ct);
        // Two reviewers picking the same complaint at once: the check and the insert are one write, serialised per
        // complaint (SQLite's single writer; a transaction-scoped advisory lock on PostgreSQL), so only one queues it.
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SerialiseOnAsync(ticket.Id, ct);
        var open = await db.Set<QualityReview>().AnyAsync(r => r.TicketId == ticket.Id && r.CalibrationId == null && r.Status == ReviewStatus.Assigned, ct);
        if (open) return QualityOutcome<ReviewSummary>.Fail(QualityFailure.Conflict, "ticket", "Quality.Pick.AlreadyQueued");
        var review = NewReview(rubric, ticket, names.GetValueOrDefault(owner, "—"), actor.UserId, actor.Name, SampleReason.Manual, null, null, clock.GetUtcNow().UtcDateTime);
        db.Set<QualityReview>().Add(review);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return QualityOutcome<ReviewSummary>.Of(Summary(review));
    }

    internal static async Task<TicketFacts?> FindTicketAsync(AppDbContext db, string idOrNumber, CancellationToken ct)
    {
        var query = db.Tickets.AsNoTracking();
        query = Guid.TryParse(idOrNumber, out var id) ? query.Where(t => t.Id == id) : query.Where(t => t.Number == idOrNumber.ToUpperInvariant());
        return await query.Select(t => new TicketFacts(t.Id, t.Number, t.OwnerId, t.CreatedAt, t.ResolvedAt)).FirstOrDefaultAsync(ct);
    }

    /// <summary>The current version of the given rubric (by version or family id), or of the oldest current rubric.</summary>
    internal static async Task<QualityRubric?> CurrentRubricAsync(AppDbContext db, Guid? id, CancellationToken ct)
    {
        var current = db.Set<QualityRubric>().AsNoTracking().Include(r => r.Items).Where(r => r.IsCurrent);
        if (id is { } given)
        {
            var family = await db.Set<QualityRubric>().Where(r => r.Id == given || r.FamilyId == given).Select(r => (Guid?)r.FamilyId).FirstOrDefaultAsync(ct);
            return family is null ? null : await current.FirstOrDefaultAsync(r => r.FamilyId == family, ct);
        }
        return await current.OrderBy(r => r.CreatedAt).FirstOrDefaultAsync(ct);
    }

    internal static QualityReview NewReview(QualityRubric rubric, TicketFacts ticket, string agentName, Guid? reviewerId, string? reviewerName,
        SampleReason reason, Guid? sampleId, Guid? calibrationId, DateTime now)
    {
        var workAt = ticket.ResolvedAt ?? ticket.CreatedAt;
        var weights = rubric.Items.Sum(i => i.Weight);
        var id = Guid.CreateVersion7();
        return new QualityReview
        {
            Id = id,
            TicketId = ticket.Id,
            TicketNumber = ticket.Number,
            AgentId = ticket.OwnerId!.Value,
            AgentName = agentName,
            ReviewerId = reviewerId,
            ReviewerName = reviewerName,
            RubricId = rubric.Id,
            RubricName = rubric.Name,
            RubricVersion = rubric.Version,
            Reason = reason,
            SampleId = sampleId,
            CalibrationId = calibrationId,
            Status = ReviewStatus.Assigned,
            WorkAt = workAt,
            WeekStart = QualityWeek.StartOf(workAt),
            AssignedAt = now,
            Scores = rubric.Items.OrderBy(i => i.Order).Select(i => new QualityReviewScore
            {
                ReviewId = id,
                Order = i.Order,
                ItemKey = i.Key,
                ItemName = i.Name,
                ItemNameEn = i.NameEn,
                Weight = i.Weight,
                Scale = i.Scale,
                MaxPoints = i.MaxPoints,
                Fatal = i.Fatal,
                MaxShare = weights > 0 ? Math.Round(i.Weight * 100m / weights, 4, MidpointRounding.AwayFromZero) : 0,
            }).ToList(),
        };
    }

    internal static ReviewSummary Summary(QualityReview r) => new(r.Id, r.TicketNumber, r.AgentId, r.AgentName, r.ReviewerId, r.ReviewerName, r.Status, r.Reason,
        r.RubricName, r.RubricVersion, r.Total, r.FatalFailed, r.AssignedAt, r.SubmittedAt, r.WeekStart, r.CalibrationId);
}
