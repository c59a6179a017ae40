using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Settings;

/// <summary>Installation-wide settings an administrator sets in the UI; configuration (environment) still wins.</summary>
internal static class SettingsEndpoints
{
    public static IHostApplicationBuilder AddSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PublicAddressOptions>().Bind(builder.Configuration)
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) || PublicAddress.Normalise(o.PublicBaseUrl, out _) is not null,
                "PublicBaseUrl must be an absolute http(s) URL without query or fragment.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PublicAddress>();
        builder.Services.AddHostedService<PublicAddressRefreshService>();
        return builder;
    }

    public static RouteGroupBuilder MapSettings(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings").RequireAuthorization(Policies.Admin);
        settings.MapGet("/public-address", GetPublicAddress.HandleAsync).WithName("GetPublicAddress")
            .WithSummary("The public address customers' links use, and where it comes from (configuration, database or the loopback default).");
        settings.MapPut("/public-address", SavePublicAddress.HandleAsync).WithName("SavePublicAddress")
            .WithSummary("Set the public address (absolute http/https, no query or fragment); audited. The PublicBaseUrl environment variable still wins.");
        return api;
    }
}
