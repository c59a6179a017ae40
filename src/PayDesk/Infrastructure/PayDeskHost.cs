using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Localization;
using PayDesk.Components;
using PayDesk.Features.Assistant;
using PayDesk.Features.Audit;
using PayDesk.Features.Cases;
using PayDesk.Features.Complaints;
using PayDesk.Features.Channels;
using PayDesk.Features.Customers;
using PayDesk.Features.Demo;
using PayDesk.Features.Identity;
using PayDesk.Features.Knowledge;
using PayDesk.Features.Notifications;
using PayDesk.Features.Payments;
using PayDesk.Features.Routing;
using PayDesk.Features.Search;
using PayDesk.Features.Sla;
using PayDesk.Features.Workforce;
using PayDesk.Features.Surveys;
using PayDesk.Features.Analytics;
using PayDesk.Features.Quality;
using PayDesk.Features.Training;
using PayDesk.Features.FollowUps;
using PayDesk.Features.Incidents;
using PayDesk.Features.Announcements;
using PayDesk.Features.Operations;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Observability;
using PayDesk.Features.Settings;
using Scalar.AspNetCore;

namespace PayDesk.Infrastructure;

/// <summary>Composition of the one PayDesk host: each feature adds its services and maps its endpoints.</summary>
internal static class PayDeskHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>
    /// Host options: the content root is the application's folder (where appsettings.json and wwwroot
    /// were published), not the working directory, so a published PayDesk started from any folder serves
    /// its CSS and scripts (docs/operations.md). An explicit content root wins: <c>--contentRoot</c>,
    /// ASPNETCORE_CONTENTROOT or DOTNET_CONTENTROOT. Under `dotnet run` the build output holds appsettings.json
    /// and the static web assets manifest, so development is served as before. Relative paths in settings
    /// (the data folder) are still resolved against the working directory.
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = HasExplicitContentRoot(args) ? null : AppContext.BaseDirectory,
    };

    internal static bool HasExplicitContentRoot(string[] args) =>
        args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));

    public static WebApplicationBuilder AddPayDesk(this WebApplicationBuilder builder)
    {
        // Static assets (Blazor's script, our CSS) are served from the build output under
        // `dotnet run` in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        // The address is a default in code only: in appsettings.json it would override ASPNETCORE_URLS and
        // ASPNETCORE_HTTP_PORTS (application settings win over the host's), which containers and proxies set.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Logging.ClearProviders();
        // Scopes carry the request's (or job round's) trace id, so a log line can be found from a trace and back.
        builder.Logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.IncludeScopes = true;
        });
        // Hub calls are logged by HubErrorLogging (refusals below Error); the dispatcher's own Error for every refusal is off.
        builder.Logging.AddFilter(Http.HubErrorLogging.DispatcherCategory, LogLevel.Critical);
        builder.Services.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(o => Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<Http.HubErrorLogging>(o));
        if (!builder.Configuration.GetSection("Logging:LogLevel").Exists())
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        // Pages are mostly Chinese: emit CJK as characters, not numeric entities (half the bytes, readable source).
        builder.Services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        builder.AddStorage();
        builder.AddObservability();
        builder.AddSearch();
        builder.Services.AddDataProtection().SetApplicationName("PayDesk");
        // The key ring lives under the data folder for a single SQLite instance, and in the shared
        // PostgreSQL database when several instances must read each other's tokens and ciphertexts.
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            o.XmlRepository = storage.UsePostgres
                ? new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<AppDbContext>(sp, sp.GetRequiredService<ILoggerFactory>())
                : new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(Path.GetFullPath(storage.DataDir), "keys", "data-protection")),
                    sp.GetRequiredService<ILoggerFactory>());
        }));

        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Pages default to Simplified Chinese until the person picks English; API clients
            // may ask with Accept-Language.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(ctx => ctx.Request.Path.StartsWithSegments("/api")
                    ? new AcceptLanguageHeaderRequestCultureProvider().DetermineProviderCultureResult(ctx)
                    : Task.FromResult<ProviderCultureResult?>(null)),
            ];
        });

        builder.AddApi();
        builder.AddRateLimits();
        builder.AddSecurityHeaders();
        builder.AddSettings();
        builder.AddIdentityFeature();
        builder.AddCustomers();
        builder.AddComplaints();
        builder.AddNotifications();
        builder.AddPayments();
        builder.AddSla();
        builder.AddRouting();
        builder.AddChannels();
        builder.AddAssistant();
        builder.AddKnowledge();
        builder.AddWorkforce();
        builder.AddSurveys();
        builder.AddAnalytics();
        builder.AddQuality();
        builder.AddQualityAutomatic();
        builder.AddCases();
        builder.AddTraining();
        builder.AddFollowUps();
        builder.AddIncidents();
        builder.AddAnnouncements();
        builder.AddOperations();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        Http.DefinedEnumForms.Decorate(builder.Services);
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static WebApplication UsePayDesk(this WebApplication app)
    {
        app.UseClientAddress();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLocalization();
        app.UseNulFreeAddresses();
        app.UseCors();
        app.UseApiBodyLimit();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseUserSessionCheck();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapObservability();
        app.MapOpenApi("/openapi/{documentName}.json");
        // PayDesk runs on intranets: the reference uses the script bundled in the package and asks no other host
        // (no CDN fonts, no AI agent or MCP, no telemetry, no developer toolbar with its "Deploy" button).
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("PayDesk API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts().DisableAgent().DisableMcp().DisableTelemetry().HideDeveloperTools());

        var api = app.MapGroup("/api/v1");
        api.MapAuth();
        api.MapUserAdmin();
        api.MapSettings();
        // One /tickets group: the complaint's own routes, then what other features add about a complaint.
        var tickets = api.MapComplaints();
        tickets.MapTicketClocks();
        tickets.MapTicketNotifications();
        tickets.MapTicketSurvey();
        tickets.MapTicketKnowledge();
        tickets.MapTicketAssist();
        api.MapNotifications();
        api.MapSla();
        api.MapCalendars();
        api.MapRouting();
        api.MapCustomers();
        api.MapAudit();
        api.MapChannels();
        api.MapKnowledge();
        api.MapWorkforce();
        api.MapSurveys();
        api.MapAnalytics();
        api.MapQuality();
        api.MapAssistantVersions();
        api.MapQualityAutomatic();
        api.MapCases();
        api.MapTraining();
        api.MapFollowUps();
        api.MapIncidents();
        api.MapAnnouncements();

        app.MapHub<Features.Channels.Chat.ChatHub>(Features.Channels.Chat.ChatHub.Path).RequireCors(Features.Channels.Chat.ChatEndpoints.CorsPolicy);
        app.MapWebShell();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Migrations, the first administrator and (unless turned off) demo data.</summary>
    public static async Task PrepareAsync(this IServiceProvider services, TextWriter console, CancellationToken ct = default)
    {
        services.GetRequiredService<Features.Operations.ServerLock>().Acquire();
        // The trained models a restart loads instead of training again (Assistant:ModelCache, else cache/models in the data folder).
        Features.Assistant.TrainedModelCache.Configure(
            Features.Assistant.TrainedModelCache.FolderFor(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<StorageOptions>().DataDir),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("PayDesk.Features.Assistant.TrainedModelCache"));
        await services.MigrateDatabaseAsync(ct);
        await using (var scope = services.CreateAsyncScope())
        {
            var storage = scope.ServiceProvider.GetRequiredService<StorageOptions>();
            if (await LookupKeyCheck.MissingAsync(storage, scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct) is { } missing)
            {
                throw new Features.Identity.StartupProblem(missing);
            }
        }
        await services.GetRequiredService<CalendarRegistry>().InitialiseAsync(ct);
        await services.GetRequiredService<SlaPolicyStore>().ReloadAsync(ct);
        await services.GetRequiredService<Features.Settings.PublicAddress>().ReloadAsync(ct);
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
            services.GetRequiredService<Features.Settings.PublicAddress>().UseListening(services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses));
        await EnsureDefaultTeams.RunAsync(services, ct);
        // Index what an older database holds first; the seed's articles are then indexed by their own save.
        await SearchBackfill.EnsureAsync(services, console, ct);
        await KnowledgeSeed.EnsureAsync(services, ct);
        await Features.Quality.DefaultRubric.EnsureAsync(services, ct);
        await TrainingSeed.EnsureAsync(services, ct);
        var assistant = services.GetRequiredService<PayDesk.Features.Assistant.AssistantModel>();
        await assistant.LoadActiveAsync(services, ct);
        assistant.WarmUp();
        // The offline sentence model (seconds of CPU) loads once the server listens, so it never delays the first requests.
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(assistant.WarmUpEmbeddings);
        // The question-pair model intake uses to spot a customer's complaint repeated in other words (FindDuplicates).
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => _ = Features.Assistant.PayDeskPairs.ShippedAsync());
        await BootstrapAdmin.EnsureAsync(services, console);
        await DemoData.SeedOnFirstStartAsync(services, console, ct);
        await CaseDemo.SeedOnFirstStartAsync(services, ct);
    }
}
