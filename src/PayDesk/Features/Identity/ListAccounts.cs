using PayDesk.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace PayDesk.Features.Identity;

/// <summary>Accounts for the administrators' list, by e-mail, a page at a time, with their roles and state.</summary>
internal static class ListAccounts
{
    public sealed record AccountRow(Guid Id, string Email, string Name, IList<string> Roles, bool Active, bool TwoFactor);

    public static async Task<(List<AccountRow> Rows, int Total)> PageAsync(UserManager<AppUser> users, int page, int pageSize, CancellationToken ct)
    {
        var total = await users.Users.CountAsync(ct);
        var accounts = await users.Users.OrderBy(u => u.Email).Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var rows = new List<AccountRow>(accounts.Count);
        foreach (var u in accounts) rows.Add(new AccountRow(u.Id, u.Email ?? "", u.DisplayName, await users.GetRolesAsync(u), u.DeactivatedAt is null, u.TwoFactorEnabled));
        return (rows, total);
    }
}
