using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Routing;

/// <summary>An agent's team from their routing profile.</summary>
internal sealed class AgentTeams(AppDbContext db) : IAgentTeams
{
    public async Task<string?> TeamOfAsync(Guid? userId, CancellationToken ct) => userId is null ? null
        : await db.AgentProfiles.Where(a => a.UserId == userId).Select(a => a.Team).FirstOrDefaultAsync(ct);
}

/// <summary>The teams on a calendar, for the refusal to remove one they still work to.</summary>
internal sealed class CalendarTeams(AppDbContext db) : Sla.ICalendarTeams
{
    public async Task<IReadOnlyList<string>> TeamsOnAsync(string calendar, int max, CancellationToken ct) =>
        await db.ServiceTeams.AsNoTracking().Where(t => t.Calendar == calendar).OrderBy(t => t.Name).Select(t => t.Name).Take(max).ToListAsync(ct);
}
