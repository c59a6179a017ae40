using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <summary>Who may review (supervisors and administrators: the 质检 role in PayDesk), and staff names.</summary>
internal static class QualityPeople
{
    public static readonly string[] ReviewerRoles = [Roles.Supervisor, Roles.Admin];

    public static bool IsReviewer(Actor actor) => actor.Roles.Overlaps(ReviewerRoles);

    /// <summary>Active reviewers, by name: the people a sample is dealt to and a calibration invites.</summary>
    public static async Task<List<(Guid Id, string Name)>> ReviewersAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          join u in db.Users on ur.UserId equals u.Id
                          where ReviewerRoles.Contains(r.Name!) && u.DeactivatedAt == null
                          select new { u.Id, u.DisplayName }).Distinct().ToListAsync(ct);
        return rows.OrderBy(r => r.DisplayName, StringComparer.Ordinal).Select(r => (r.Id, r.DisplayName)).ToList();
    }

    /// <summary>Agents and experts whose work a sample can be drawn for, by name.</summary>
    public static async Task<List<(Guid Id, string Name)>> AgentsAsync(AppDbContext db, CancellationToken ct)
    {
        string[] roles = [Roles.Agent, Roles.Expert];
        var rows = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          join u in db.Users on ur.UserId equals u.Id
                          where roles.Contains(r.Name!) && u.DeactivatedAt == null
                          select new { u.Id, u.DisplayName }).Distinct().ToListAsync(ct);
        return rows.OrderBy(r => r.DisplayName, StringComparer.Ordinal).Select(r => (r.Id, r.DisplayName)).ToList();
    }

    public static async Task<Dictionary<Guid, string>> NamesAsync(AppDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }
}
