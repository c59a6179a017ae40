using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Identity;

internal static class AuthEndpoints
{
    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record RefreshRequest(string? RefreshToken);

    public sealed record MeResponse(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, Guid? CustomerId);

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).AllowAnonymous()
            .WithName("Login").WithSummary("Sign in with e-mail and password; returns a bearer token and a refresh token.");
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .WithName("RefreshToken").WithSummary("Exchange a refresh token for a new bearer token.");
        auth.MapGet("/me", Me).RequireAuthorization()
            .WithName("Me").WithSummary("The signed-in user.");
        return api;
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<AppUser> signIn, UserManager<AppUser> users, IStringLocalizer<SharedResource> l,
        Ldap.DirectorySignIn directory, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors(l);
        errors.Required("email", request.Email);
        errors.Required("password", request.Password);
        if (errors.Any) return errors.ToProblem();
        var fromDirectory = await directory.SignInAsync(request.Email, request.Password, Ldap.DirectorySignInMode.Bearer, cancellationToken);
        if (fromDirectory.Applies) return fromDirectory.ToApiResult(l);

        var user = await users.FindByEmailAsync(request.Email!.Trim());
        if (user is null)
        {
            return TypedResults.Problem(l["Auth.InvalidCredentials"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"]);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem(l["Auth.LockedOut"], statusCode: StatusCodes.Status423Locked, title: l["Auth.SignInFailed"]);
        }
        if (!result.Succeeded)
        {
            return TypedResults.Problem(l["Auth.InvalidCredentials"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"]);
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer,
        TimeProvider clock, IStringLocalizer<SharedResource> l)
    {
        var errors = new ValidationErrors(l);
        errors.Required("refreshToken", request.RefreshToken);
        if (errors.Any) return errors.ToProblem();

        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Problem(l["Auth.RefreshInvalid"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"]);
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static Ok<MeResponse> Me(ActorAccessor actors, HttpContext http)
    {
        var actor = actors.Current;
        return TypedResults.Ok(new MeResponse(actor.UserId!.Value, http.User.Identity?.Name ?? "", actor.Name,
            actor.Roles.Order().ToList(), actor.CustomerId));
    }
}
