using System.Globalization;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>Routes of sign-in and of a person's own account; the rules live in the use cases they call.</summary>
internal static class AuthEndpoints
{
    public sealed record LoginRequest(string? Email, string? Password, string? TwoFactorCode = null, string? TwoFactorRecoveryCode = null);

    public sealed record RefreshRequest(string? RefreshToken);

    public sealed record MeResponse(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, Guid? CustomerId,
        bool TwoFactorEnabled, bool MustChangePassword);

    public sealed record PhoneCodeRequest(string? Phone);

    public sealed record PhoneCodeResponse(string Status);

    public sealed record PhoneLoginRequest(string? Phone, string? Code);

    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    public sealed record AuthenticatorSetupResponse(string? SharedKey, string? AuthenticatorUri, bool Enabled);

    public sealed record EnableTwoFactorRequest(string? Code);

    public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

    public sealed record DisableTwoFactorRequest(string? Password);

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithName("Login").WithSummary("Sign in with e-mail and password (and the authenticator code when two-factor sign-in is on); returns a bearer token and a refresh token.");
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithName("RefreshToken").WithSummary("Exchange a refresh token for a new bearer token.");
        auth.MapPost("/phone/code", SendPhoneCodeAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Codes)
            .WithName("SendPhoneSignInCode").WithSummary("Send a sign-in code by SMS to a customer's bound phone (the same answer for unknown numbers).");
        auth.MapPost("/phone/login", PhoneLoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithName("PhoneLogin").WithSummary("Sign in with the phone and the code it received; returns a bearer token.");
        auth.MapPost("/logout", async (HttpContext http, UserManager<AppUser> users, LiveSessions live, AppDbContext db, TimeProvider clock) =>
            {
                await SignedInSessions.EndAsync(http.User, users, live, db, clock);
                return TypedResults.NoContent();
            }).RequireAuthorization()
            .WithName("Logout").WithSummary("Sign out: this bearer token and its refresh token end at once; your other devices stay signed in.");
        auth.MapPost("/logout-all", async (ActorAccessor actors, UserManager<AppUser> users, LiveSessions live, AppDbContext db, TimeProvider clock) =>
            {
                await EndSessionsAsync(actors.Current.UserId, users, live, db, clock);
                return TypedResults.NoContent();
            }).RequireAuthorization()
            .WithName("LogoutEverywhere").WithSummary("Sign out everywhere: every session of yours, on every device, ends at once.");
        auth.MapGet("/me", MeAsync).RequireAuthorization()
            .WithName("Me").WithSummary("The signed-in user.");
        auth.MapPost("/password", ChangePasswordAsync).RequireAuthorization().RequireRateLimiting(RateLimits.SignIn)
            .WithName("ChangePassword").WithSummary("Change your own password; every other session of yours ends.");
        auth.MapGet("/2fa", AuthenticatorAsync).RequireAuthorization(Policies.Staff)
            .WithName("AuthenticatorSetup").WithSummary("The authenticator key to enrol (staff), and whether two-factor sign-in is on.");
        auth.MapPost("/2fa/enable", EnableTwoFactorAsync).RequireAuthorization(Policies.Staff).RequireRateLimiting(RateLimits.SignIn)
            .WithName("EnableTwoFactor").WithSummary("Turn two-factor sign-in on with the first code from the app; returns ten recovery codes.");
        auth.MapPost("/2fa/disable", DisableTwoFactorAsync).RequireAuthorization(Policies.Staff).RequireRateLimiting(RateLimits.SignIn)
            .WithName("DisableTwoFactor").WithSummary("Turn two-factor sign-in off (needs your password).");
        return api;
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, PasswordSignIn passwords, SignInManager<AppUser> signIn, HttpContext http, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.Required("email", request.Email);
        errors.Required("password", request.Password);
        errors.MaxLength("email", request.Email, 256);
        errors.MaxLength("password", request.Password, 256);
        errors.MaxLength("twoFactorCode", request.TwoFactorCode, 16);
        errors.MaxLength("twoFactorRecoveryCode", request.TwoFactorRecoveryCode, 64);
        if (errors.Any) return errors.ToProblem();

        var result = await passwords.SignInAsync(request.Email!, request.Password!, request.TwoFactorCode, request.TwoFactorRecoveryCode, http, ct);
        return await AnswerAsync(result, signIn, http, l);
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        SignInResult result, SignInManager<AppUser> signIn, HttpContext http, IStringLocalizer<SharedResource> l)
    {
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(result.User!), authenticationScheme: IdentityConstants.BearerScheme);
            case SignInOutcome.TwoFactorRequired:
                return TypedResults.Problem(l["Auth.TwoFactorRequired"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"],
                    extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
            case SignInOutcome.TwoFactorFailed:
                return TypedResults.Problem(l["Auth.TwoFactorWrong"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"],
                    extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
            case SignInOutcome.Throttled:
                var seconds = (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(l["Auth.Throttled", (seconds + 59) / 60], statusCode: StatusCodes.Status429TooManyRequests, title: l["Auth.SignInFailed"]);
            case SignInOutcome.Deactivated:
                return TypedResults.Problem(l["Auth.Deactivated"], statusCode: StatusCodes.Status403Forbidden, title: l["Auth.SignInFailed"]);
            case SignInOutcome.DirectoryUnavailable:
                return TypedResults.Problem(l["Auth.DirectoryUnavailable"], statusCode: StatusCodes.Status503ServiceUnavailable, title: l["Auth.SignInFailed"]);
            case SignInOutcome.Failed:
            default:
                return TypedResults.Problem(l["Auth.InvalidCredentials"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"]);
        }
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer,
        TimeProvider clock, IStringLocalizer<SharedResource> l, HttpContext http)
    {
        var errors = new ValidationErrors(l);
        errors.Required("refreshToken", request.RefreshToken);
        errors.MaxLength("refreshToken", request.RefreshToken, 8192);
        if (errors.Any) return errors.ToProblem();

        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user || user.DeactivatedAt is not null
            || !await UserSessionCheck.IsCurrentAsync(http.RequestServices, ticket.Principal, http.RequestAborted))
        {
            return TypedResults.Problem(l["Auth.RefreshInvalid"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"]);
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        SignedInSessions.CarryOver(ticket.Principal, principal);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<Accepted<PhoneCodeResponse>, ValidationProblem, ProblemHttpResult>> SendPhoneCodeAsync(
        PhoneCodeRequest request, PhoneSignIn phone, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.MaxLength("phone", request.Phone, 32);
        if (errors.Any) return errors.ToProblem();
        switch (await phone.SendCodeAsync(request.Phone, ct))
        {
            case PhoneCodeOutcome.InvalidPhone:
                errors.AddKey("phone", "Validation.Phone");
                return errors.ToProblem();
            case PhoneCodeOutcome.TooMany:
                return TypedResults.Problem(l["Verification.TooMany"], statusCode: StatusCodes.Status429TooManyRequests, title: l["Verification.Title"]);
            case PhoneCodeOutcome.Sent:
            default:
                return TypedResults.Accepted((string?)null, new PhoneCodeResponse("sent_if_registered"));
        }
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> PhoneLoginAsync(
        PhoneLoginRequest request, PhoneSignIn phone, SignInManager<AppUser> signIn, HttpContext http, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.Required("phone", request.Phone);
        errors.Required("code", request.Code);
        errors.MaxLength("phone", request.Phone, 32);
        errors.MaxLength("code", request.Code, 16);
        if (errors.Any) return errors.ToProblem();
        var result = await phone.VerifyAsync(request.Phone, request.Code, http, ct);
        if (result is { Outcome: SignInOutcome.Failed, Error: "Validation.Phone" })
        {
            errors.AddKey("phone", "Validation.Phone");
            return errors.ToProblem();
        }
        if (result is { Outcome: SignInOutcome.Failed, Error: "Verification.WrongCode" })
        {
            errors.AddKey("code", "Verification.WrongCode", result.AttemptsLeft);
            return errors.ToProblem();
        }
        if (result is { Outcome: SignInOutcome.Failed })
        {
            return TypedResults.Problem(l[result.Error ?? "PhoneLogin.CodeDead"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"]);
        }
        return await AnswerAsync(new SignInResult(result.Outcome, result.User, result.RetryAfter), signIn, http, l);
    }

    /// <summary>
    /// Signing out everywhere: the account's security stamp changes, so every session of the person ends, on every device
    /// (this instance at once, others within the second their account state is cached). Signing out of one session records
    /// that session instead (<see cref="SignedInSessions.EndAsync"/>).
    /// </summary>
    public static async Task EndSessionsAsync(Guid? userId, UserManager<AppUser> users, LiveSessions live, AppDbContext db, TimeProvider clock)
    {
        if (userId is not { } id || await users.FindByIdAsync(id.ToString()) is not { } user) return;
        await users.UpdateSecurityStampAsync(user);
        live.Changed(id);
        // Signed out everywhere: nobody is there to take work (the next sign-in's presence switch puts them back online).
        await Routing.AgentPresence.GoOfflineAsync(db, id, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    private static async Task<Ok<MeResponse>> MeAsync(ActorAccessor actors, UserManager<AppUser> users, HttpContext http)
    {
        var actor = actors.Current;
        var user = await users.FindByIdAsync(actor.UserId!.Value.ToString());
        return TypedResults.Ok(new MeResponse(actor.UserId!.Value, http.User.Identity?.Name ?? "", actor.Name,
            actor.Roles.Order().ToList(), actor.CustomerId, user?.TwoFactorEnabled ?? false, user?.MustChangePassword ?? false));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ChangePasswordAsync(
        ChangePasswordRequest request, ChangePassword change, ActorAccessor actors, LiveSessions live, IStringLocalizer<SharedResource> l)
    {
        var errors = new ValidationErrors(l);
        errors.Required("currentPassword", request.CurrentPassword);
        errors.Required("newPassword", request.NewPassword);
        errors.MaxLength("currentPassword", request.CurrentPassword, 256);
        errors.MaxLength("newPassword", request.NewPassword, 256);
        if (errors.Any) return errors.ToProblem();
        var userId = actors.Current.UserId!.Value;
        var result = await change.HandleAsync(userId, request.CurrentPassword, request.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) errors.Add("newPassword", error);
            return errors.ToProblem();
        }
        live.Changed(userId);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AuthenticatorSetupResponse>, NotFound>> AuthenticatorAsync(TwoFactorEnrolment twoFactor, ActorAccessor actors)
    {
        var userId = actors.Current.UserId!.Value;
        // Once enrolled, the key is not shown again (a borrowed session must not copy the second factor).
        if (await twoFactor.IsEnabledAsync(userId)) return TypedResults.Ok(new AuthenticatorSetupResponse(null, null, true));
        var setup = await twoFactor.BeginAsync(userId);
        return setup is null ? TypedResults.NotFound() : TypedResults.Ok(new AuthenticatorSetupResponse(setup.SharedKey, setup.Uri, false));
    }

    private static async Task<Results<Ok<RecoveryCodesResponse>, ValidationProblem>> EnableTwoFactorAsync(
        EnableTwoFactorRequest request, TwoFactorEnrolment twoFactor, ActorAccessor actors, LiveSessions live, IStringLocalizer<SharedResource> l)
    {
        var errors = new ValidationErrors(l);
        errors.Required("code", request.Code);
        errors.MaxLength("code", request.Code, 16);
        if (errors.Any) return errors.ToProblem();
        var (ok, codes) = await twoFactor.ConfirmAsync(actors.Current.UserId!.Value, request.Code);
        if (!ok)
        {
            errors.AddKey("code", "Auth.TwoFactorWrong");
            return errors.ToProblem();
        }
        live.Changed(actors.Current.UserId!.Value);
        return TypedResults.Ok(new RecoveryCodesResponse(codes));
    }

    private static async Task<Results<NoContent, ValidationProblem>> DisableTwoFactorAsync(
        DisableTwoFactorRequest request, TwoFactorEnrolment twoFactor, ActorAccessor actors, LiveSessions live, IStringLocalizer<SharedResource> l)
    {
        var errors = new ValidationErrors(l);
        errors.Required("password", request.Password);
        errors.MaxLength("password", request.Password, 256);
        if (errors.Any) return errors.ToProblem();
        if (!await twoFactor.DisableAsync(actors.Current.UserId!.Value, request.Password))
        {
            errors.AddKey("password", "Auth.InvalidCredentials");
            return errors.ToProblem();
        }
        // The stamp changed: the person's other sessions end, their open consoles with them.
        live.Changed(actors.Current.UserId!.Value);
        return TypedResults.NoContent();
    }
}
