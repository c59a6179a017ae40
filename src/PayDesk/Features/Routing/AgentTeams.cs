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
