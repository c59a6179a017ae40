using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>Creating staff and customer logins: shared by the first-admin bootstrap, the CLI and demo data.</summary>
internal sealed class UserAccounts(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }
    }

    /// <param name="mustChangePassword">A first password someone else chose or saw (an administrator adding staff): the
    /// person must replace it at their first sign-in, as after a reset.</param>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateAsync(
        string email, string displayName, string role, string password, Guid? customerId = null, bool mustChangePassword = false)
    {
        if (!Roles.All.Contains(role))
        {
            return (null, [$"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}."]);
        }
        await EnsureRolesAsync();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            CustomerId = customerId,
            MustChangePassword = mustChangePassword,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return (null, created.Errors.Select(e => e.Description).ToList());
        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded) return (null, inRole.Errors.Select(e => e.Description).ToList());
        return (user, []);
    }

    public Task<bool> AnyUsersAsync() => users.Users.AnyAsync();

    /// <summary>A password that satisfies the policy: 16 characters from an unambiguous alphabet.</summary>
    public static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz";
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        const string all = lower + upper + digits;
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
