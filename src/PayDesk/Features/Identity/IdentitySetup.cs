using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using PayDesk.Features.Identity.Ldap;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

internal static class IdentitySetup
{
    /// <summary>Chooses bearer tokens for API clients that send them, cookies for the web app.</summary>
    public const string SmartScheme = "PayDesk";

    public static IHostApplicationBuilder AddIdentityFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Audit.IAuditNames, StaffAuditNames>();
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddSingleton<ActorAccessor>();
        // The cookie's periodic security-stamp check makes the principal again: it keeps its sign-in's session id.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal is { } current && context.NewPrincipal is { } fresh) SignedInSessions.CarryOver(current, fresh);
            return Task.CompletedTask;
        });
        // Every hub (the chat today) re-checks the caller's account on each call: a deactivated or re-stamped account stops at once.
        services.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(o => o.AddFilter<AccountStateHubFilter>());
        services.AddScoped<Customers.ICustomerRecordsOwner, MoveLoginsToCustomer>();
        services.AddScoped<Customers.ICustomerSignIns, SignOutCustomerLogins>();
        services.AddScoped<Microsoft.AspNetCore.Authentication.IClaimsTransformation, MergedCustomerClaims>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Bearer or cookie", options =>
                options.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromHours(1);
                options.RefreshTokenExpiration = TimeSpan.FromDays(7);
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.LoginPath = "/account/login";
                options.AccessDeniedPath = "/account/denied";
                options.Cookie.Name = "paydesk.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(10);
                // API callers get status codes, never a redirect to an HTML page.
                options.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
            }));

        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = false;
                // No lock-out that a stranger can trigger by typing wrong passwords: per-client limits and
                // per-identifier back-off with trusted devices instead (SignInGuard, decision 0012).
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PayDeskClaimsFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<LocalizedIdentityErrors>();

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Staff))
            .AddPolicy(Policies.Supervisor, p => p.RequireRole(Roles.Supervisor, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Customer, p => p.RequireRole(Roles.Customer));

        services.AddScoped<UserAccounts>();
        services.AddMemoryCache();
        services.AddOptions<SignInOptions>().Bind(builder.Configuration.GetSection("Security"))
            .Validate(o => o.AccountFailureLimit > 0 && o.AccountWindowMinutes > 0 && o.AccountBackoffMinutes > 0 && o.TrustedDeviceDays > 0,
                "Security: sign-in limits must be positive.")
            .ValidateOnStart();
        services.AddOptions<Infrastructure.Security.OneTimeCodeOptions>().Bind(builder.Configuration.GetSection("OneTimeCodes"))
            .Validate(o => o.LifetimeMinutes is > 0 and <= 60 && o.MaxAttempts is > 0 and <= 10 && o.MaxPerSubjectPerHour is > 0 and <= 50,
                "OneTimeCodes: lifetime 1–60 minutes, 1–10 attempts, 1–50 codes an hour.")
            .ValidateOnStart();
        services.AddScoped<Infrastructure.Security.OneTimeCodes>();
        services.AddScoped<SignInGuard>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<PhoneSignIn>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<ManageStaffAccount>();
        services.AddScoped<TwoFactorEnrolment>();
        services.AddScoped<TwoFactorPending>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, AccountRevalidatingStateProvider>();
        services.AddHostedService<SignInHousekeeping>();
        services.AddSingleton<LiveSessions>();
        services.AddHostedService<LiveSessionRecheck>();
        services.AddOptions<BootstrapOptions>()
            .Bind(builder.Configuration.GetSection("Bootstrap"))
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                o.AdminPassword ??= configuration["PAYDESK_ADMIN_PASSWORD"];
                o.DemoPassword ??= configuration["PAYDESK_DEMO_PASSWORD"];
                if (bool.TryParse(configuration["PAYDESK_DEMO"], out var demo)) o.Demo = demo;
            })
            .Validate(o => o.AdminEmail.Contains('@'), "Bootstrap:AdminEmail must be an e-mail address.")
            .ValidateOnStart();
        builder.AddDirectorySignIn();
        return builder;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
