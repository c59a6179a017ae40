using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Incidents;

/// <summary>What customers may be told about an incident (announcements, the assistant, the help centre).</summary>
public sealed record PublicIncident(
    Guid Id, string Number, string Title, TicketCategory? Category, string? Bank, TicketChannel? Channel, string? Product, string? Region,
    IncidentStatus Status, DateTime StartedAt, DateTime? ExpectedFixAt, DateTime? ResolvedAt, string? PublicSummary);

/// <summary>
/// Incidents customers may see, for other features (announcements, assistant, help centre): the open public ones,
/// and those resolved recently (late complaints about a resolved incident get its summary).
/// </summary>
public interface IActiveIncidents
{
    /// <summary>Public incidents open now, plus public ones resolved within <paramref name="resolvedWithin"/>; newest first.</summary>
    Task<IReadOnlyList<PublicIncident>> PublicAsync(TimeSpan resolvedWithin, CancellationToken ct);
}

internal sealed class ActiveIncidents(AppDbContext db, TimeProvider clock) : IActiveIncidents
{
    public async Task<IReadOnlyList<PublicIncident>> PublicAsync(TimeSpan resolvedWithin, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime - resolvedWithin;
        return await db.Set<Incident>().AsNoTracking()
            .Where(i => i.IsPublic && (i.Status != IncidentStatus.Resolved || i.ResolvedAt >= since))
            .OrderByDescending(i => i.StartedAt).Take(50)
            .Select(i => new PublicIncident(i.Id, i.Number, i.Title, i.Category, i.Bank, i.Channel, i.Product, i.Region,
                i.Status, i.StartedAt, i.ExpectedFixAt, i.ResolvedAt, i.PublicSummary))
            .ToListAsync(ct);
    }
}
