using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Routing;

/// <summary>Teams and the queues they work.</summary>
internal static class ListTeams
{
    public sealed record TeamResponse(string Name, string? Region, string Calendar, IReadOnlyList<TicketCategory> Categories, IReadOnlyList<TicketChannel> Channels, RoutingStrategy Strategy)
    {
        internal static TeamResponse From(ServiceTeam t)
        {
            var q = t.ToQueue();
            return new(t.Name, t.Region, t.Calendar, q.Categories.Order().ToList(), q.Channels.Order().ToList(), t.Strategy);
        }
    }

    public static async Task<Ok<List<TeamResponse>>> HandleAsync(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await QueryAsync(db, ct));

    public static async Task<List<TeamResponse>> QueryAsync(AppDbContext db, CancellationToken ct) =>
        (await db.ServiceTeams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct)).Select(TeamResponse.From).ToList();
}
