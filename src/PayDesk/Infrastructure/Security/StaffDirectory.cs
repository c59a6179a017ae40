using Microsoft.AspNetCore.Identity;

namespace PayDesk.Infrastructure.Security;

/// <summary>Staff look-ups shared by assignment, transfer, routing profiles and the staff pickers.</summary>
internal static class StaffDirectory
{
    /// <summary>Whether the user holds any staff role (only staff own or work complaints).</summary>
    public static async Task<bool> IsStaffAsync(this UserManager<AppUser> users, AppUser user) =>
        (await users.GetRolesAsync(user)).Intersect(Roles.Staff).Any();

    /// <summary>The people who work complaints: agents, experts and supervisors, by display name.</summary>
    public static async Task<List<AppUser>> WorkingStaffAsync(this UserManager<AppUser> users)
    {
        var staff = new Dictionary<Guid, AppUser>();
        foreach (var role in new[] { Roles.Agent, Roles.Expert, Roles.Supervisor })
        {
            foreach (var user in await users.GetUsersInRoleAsync(role)) staff[user.Id] = user;
        }
        return staff.Values.OrderBy(u => u.DisplayName).ToList();
    }

    /// <summary>A staff member named by user id or e-mail (as a PBX or integration knows them), or null.</summary>
    public static async Task<AppUser?> FindStaffAsync(this UserManager<AppUser> users, string idOrEmail)
    {
        var user = Guid.TryParse(idOrEmail, out var id) ? await users.FindByIdAsync(id.ToString()) : await users.FindByEmailAsync(idOrEmail.Trim());
        return user is not null && await users.IsStaffAsync(user) ? user : null;
    }
}
