using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Training;

/// <summary>One agent's training: assignments done and overdue, sessions ended, and their scores (as a share of the maximum).</summary>
public sealed record TrainingProgressRow(Guid AgentId, string AgentName, int Assigned, int Completed, int Overdue, int SessionsEnded,
    decimal? AverageScorePercent, decimal? BestScorePercent, DateTime? LastSessionAt);

/// <summary>Completion and scores per agent for supervisors (page, JSON and CSV). Training results never enter the reports or scorecards.</summary>
internal static class TrainingProgress
{
    public static async Task<Results<Ok<IReadOnlyList<TrainingProgressRow>>, FileContentHttpResult>> HandleAsync(
        string? format, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var rows = await RunAsync(db, clock, ct);
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase) ? Csv.Records("training-progress", rows) : TypedResults.Ok(rows);
    }

    public static async Task<IReadOnlyList<TrainingProgressRow>> RunAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var today = TrainingCalendar.Today(clock);
        var assignments = await db.Set<TrainingAssignment>().AsNoTracking()
            .GroupBy(a => new { a.AgentId, a.AgentName })
            .Select(g => new
            {
                g.Key.AgentId, g.Key.AgentName, Assigned = g.Count(), Completed = g.Count(a => a.CompletedAt != null),
                Overdue = g.Count(a => a.CompletedAt == null && a.DueOn < today),
            }).ToListAsync(ct);
        var sessions = await db.Set<TrainingSession>().AsNoTracking().Where(s => s.State == TrainingSessionState.Ended && s.AutoPoints != null)
            .Select(s => new { s.TraineeId, s.TraineeName, s.EndedAt, s.AutoPoints, s.AutoMaxPoints, s.ManualPoints, s.ManualItemsJson }).ToListAsync(ct);
        var agents = assignments.Select(a => (a.AgentId, a.AgentName)).Concat(sessions.Select(s => (AgentId: s.TraineeId, AgentName: s.TraineeName)))
            .DistinctBy(a => a.AgentId).ToList();
        return agents.Select(agent =>
        {
            var a = assignments.FirstOrDefault(x => x.AgentId == agent.AgentId);
            var mine = sessions.Where(s => s.TraineeId == agent.AgentId).ToList();
            // A session not reviewed yet counts against the automatic maximum only, so waiting for a reviewer does not lower the share.
            var shares = mine.Select(s => Math.Round(100m * (s.AutoPoints!.Value + (s.ManualPoints ?? 0))
                / ((s.AutoMaxPoints ?? 1) + (s.ManualPoints is null ? 0 : TrainingSession.ManualMax(s.ManualItemsJson))), 1)).ToList();
            return new TrainingProgressRow(agent.AgentId, agent.AgentName, a?.Assigned ?? 0, a?.Completed ?? 0, a?.Overdue ?? 0, mine.Count,
                shares.Count == 0 ? null : Math.Round(shares.Average(), 1), shares.Count == 0 ? null : shares.Max(), mine.Max(s => s.EndedAt));
        }).OrderBy(r => r.AgentName, StringComparer.Ordinal).ToList();
    }
}
