using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

public sealed record TrainingLine(int Sequence, DateTime At, TrainingEventKind Kind, string Text);

public sealed record TrainingScore(IReadOnlyList<TrainingScoreItem> Items, decimal AutoPoints, decimal AutoMaxPoints,
    decimal? ManualPoints, decimal ManualMaxPoints, decimal Total, decimal MaxPoints, bool Reviewed, string? ReviewedBy, string? ReviewComment);

/// <summary>What the training console shows: the transcript, the clock's targets, what was done, the ledger once looked up, the score once ended.</summary>
public sealed record TrainingSessionView(
    Guid Id, Guid ScenarioId, string ScenarioTitle, CustomerMood Mood, string CustomerName, string MaskedPhone, string TraineeName,
    TrainingSessionState State, DateTime StartedAt, DateTime? EndedAt, DateTime FirstResponseDueAt, DateTime ResolutionDueAt,
    DateTime? FirstResponseAt, bool CodeSent, bool Verified, bool LedgerLookedUp, string? ProposedSolution, TicketCategory? ChosenCategory,
    IReadOnlyList<TrainingLine> Transcript, IReadOnlyList<SandboxTransaction>? Ledger, TrainingScore? Score, string? ExpectedOutcome, Guid TraineeId);

/// <summary>Loading a session its trainee (or a supervisor) may see, and writing its transcript.</summary>
internal static class TrainingSessionAccess
{
    public static async Task<TrainingSession?> FindAsync(AppDbContext db, Guid id, Actor actor, bool track, CancellationToken ct)
    {
        var query = track ? db.Set<TrainingSession>() : db.Set<TrainingSession>().AsNoTracking();
        var session = await query.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return null;
        return session.TraineeId == actor.UserId || actor.Roles.Overlaps(Roles.Privileged) ? session : null;
    }

    public static TrainingEvent Append(AppDbContext db, TrainingSession session, DateTime at, TrainingEventKind kind, string text, string? topic = null)
    {
        var e = new TrainingEvent { SessionId = session.Id, Sequence = session.NextSequence++, At = at, Kind = kind, Text = text, Topic = topic };
        db.Set<TrainingEvent>().Add(e);
        return e;
    }

    public static async Task<TrainingSessionView> ViewAsync(AppDbContext db, TrainingSession s, TrainingOptions o, Actor actor, CancellationToken ct)
    {
        var scenario = await db.Set<TrainingScenario>().AsNoTracking().FirstAsync(x => x.Id == s.ScenarioId, ct);
        var script = scenario.Script;
        var events = await db.Set<TrainingEvent>().AsNoTracking().Where(e => e.SessionId == s.Id).OrderBy(e => e.Sequence).ToListAsync(ct);
        var lookedUp = events.Any(e => e.Kind == TrainingEventKind.LedgerLookedUp);
        TrainingScore? score = null;
        if (s.AutoPoints is { } auto)
        {
            var manualMax = s.ManualItems.Sum(i => i.MaxPoints);
            score = new TrainingScore(s.AutoItems.Concat(s.ManualItems).ToList(), auto, s.AutoMaxPoints ?? 0, s.ManualPoints, manualMax,
                auto + (s.ManualPoints ?? 0), (s.AutoMaxPoints ?? 0) + manualMax, s.ManualPoints is not null, s.ReviewedBy, s.ReviewComment);
        }
        return new TrainingSessionView(s.Id, s.ScenarioId, scenario.Title, scenario.Mood, script.CustomerName, script.MaskedPhone, s.TraineeName,
            s.State, s.StartedAt, s.EndedAt, s.StartedAt.AddSeconds(o.FirstResponseSeconds), s.StartedAt.AddMinutes(o.ResolutionMinutes),
            events.FirstOrDefault(e => e.Kind == TrainingEventKind.TraineeMessage)?.At, s.CodeSentAt is not null, s.VerifiedAt is not null, lookedUp,
            s.ProposedSolution, s.ChosenCategory,
            events.Select(e => new TrainingLine(e.Sequence, e.At, e.Kind, e.Text)).ToList(),
            lookedUp ? script.Ledger.OrderByDescending(t => t.OccurredAt).ToList() : null,
            score,
            // The expected outcome is the answer sheet: shown once the session has ended, or to a supervisor.
            s.State == TrainingSessionState.Ended || actor.Roles.Overlaps(Roles.Privileged) ? scenario.ExpectedOutcome : null,
            s.TraineeId);
    }
}
