using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>Administrators' routes over staff accounts; the rules live in <see cref="ManageStaffAccount"/>.</summary>
internal static class UserAdminEndpoints
{
    public sealed record StaffAccount(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool Active, bool TwoFactorEnabled, bool MustChangePassword);

    public sealed record PasswordResetResponse(string TemporaryPassword);

    public static RouteGroupBuilder MapUserAdmin(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapGet("/", ListAsync).WithName("ListStaffAccounts").WithSummary("Staff accounts with their roles and state, paged.");
        users.MapPost("/{id:guid}/password-reset", ResetAsync).WithName("ResetStaffPassword")
            .WithSummary("Give a staff member a one-time password that must be changed at the next sign-in; their sessions end.");
        users.MapPost("/{id:guid}/deactivate", (Guid id, ManageStaffAccount manage, LiveSessions live, IStringLocalizer<SharedResource> l) => SetActiveAsync(id, false, manage, live, l))
            .WithName("DeactivateStaff").WithSummary("Stop a staff member signing in; their cookies and tokens stop working at once.");
        users.MapPost("/{id:guid}/reactivate", (Guid id, ManageStaffAccount manage, LiveSessions live, IStringLocalizer<SharedResource> l) => SetActiveAsync(id, true, manage, live, l))
            .WithName("ReactivateStaff").WithSummary("Let a deactivated staff member sign in again.");
        return api;
    }

    private static async Task<Results<Ok<Paged<StaffAccount>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, UserManager<AppUser> users, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var staffIds = new HashSet<Guid>();
        foreach (var role in Roles.Staff) foreach (var u in await users.GetUsersInRoleAsync(role)) staffIds.Add(u.Id);
        var query = users.Users.Where(u => staffIds.Contains(u.Id)).OrderBy(u => u.Email);
        var total = await query.CountAsync(ct);
        var rows = await query.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var items = new List<StaffAccount>();
        foreach (var u in rows)
        {
            items.Add(new StaffAccount(u.Id, u.Email ?? "", u.DisplayName, (await users.GetRolesAsync(u)).Order().ToList(),
                u.DeactivatedAt is null, u.TwoFactorEnabled, u.MustChangePassword));
        }
        return TypedResults.Ok(new Paged<StaffAccount>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Ok<PasswordResetResponse>, NotFound, ValidationProblem>> ResetAsync(
        Guid id, ManageStaffAccount manage, LiveSessions live, IStringLocalizer<SharedResource> l)
    {
        var result = await manage.ResetPasswordAsync(id);
        live.Changed(id);
        if (result.Succeeded) return TypedResults.Ok(new PasswordResetResponse(result.Secret!));
        return IsNotFound(result, l) ? TypedResults.NotFound() : Refused(result, l);
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> SetActiveAsync(
        Guid id, bool active, ManageStaffAccount manage, LiveSessions live, IStringLocalizer<SharedResource> l)
    {
        var result = await manage.SetActiveAsync(id, active);
        live.Changed(id);
        if (result.Succeeded) return TypedResults.NoContent();
        return IsNotFound(result, l) ? TypedResults.NotFound() : Refused(result, l);
    }

    private static bool IsNotFound(AccountResult result, IStringLocalizer<SharedResource> l) => result.Errors.SequenceEqual([l["Account.NotFound"].Value]);

    private static ValidationProblem Refused(AccountResult result, IStringLocalizer<SharedResource> l)
    {
        var errors = new ValidationErrors(l);
        foreach (var e in result.Errors) errors.Add("id", e);
        return errors.ToProblem();
    }
}
