using PayDesk.Components;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Channels.Email;
using PayDesk.Features.Channels.Phone;
using PayDesk.Features.Channels.Sms;
using PayDesk.Features.Channels.Social;
using StackExchange.Redis;

namespace PayDesk.Features.Channels;

/// <summary>Every channel: adapters in, the inbound pipeline, chat over SignalR (shared through Redis when configured).</summary>
internal static class ChannelsSetup
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Audit.IAuditNames, AttachmentAuditNames>();
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddOptions<WebhookOptions>().Bind(config.GetSection("Channels:Webhooks"))
            .Validate(o => o.MaxSkewSeconds is > 0 and <= 3600, "Channels:Webhooks:MaxSkewSeconds must be 1–3600.").ValidateOnStart();
        services.AddOptions<WeChatOptions>().Bind(config.GetSection("Channels:WeChat"));
        // SMS through the configured HTTP gateway (Channels:Sms:Gateway:Url), else the development outbox.
        services.AddOptions<Sms.SmsGatewayOptions>().Bind(config.GetSection("Channels:Sms:Gateway"))
            .Validate(o => string.IsNullOrWhiteSpace(o.Url) || Uri.TryCreate(o.Url, UriKind.Absolute, out _), "Channels:Sms:Gateway:Url must be an absolute URL.")
            .ValidateOnStart();
        services.AddHttpClient<Sms.HttpSmsSender>(c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<Notifications.INotificationSender, Sms.SmsSender>();
        services.AddOptions<PhoneOptions>().Bind(config.GetSection("Channels:Phone"))
            .Validate(o => o.AnswerTargetSeconds is > 0 and <= 3600, "Channels:Phone:AnswerTargetSeconds must be 1–3600.").ValidateOnStart();
        services.AddSingleton<PhoneQueueSource>();
        services.AddOptions<AttachmentOptions>().Bind(config.GetSection("Channels:Attachments"))
            .Validate(o => o.MaxBytes is > 0 and <= 100 * 1024 * 1024, "Channels:Attachments:MaxBytes must be 1 byte – 100 MB.").ValidateOnStart();
        services.AddOptions<InboundEmailOptions>().Bind(config.GetSection("Email:Inbound"))
            .Validate(o => o.Port is >= 0 and < 65536 && System.Net.IPAddress.TryParse(o.Host, out _), "Email:Inbound needs a port (0 = off) and an IP address.")
            .ValidateOnStart();
        services.AddOptions<ChatOptions>().Bind(config.GetSection("Channels:Chat"));
        services.AddChannelSettings();
        services.AddOptions<SpamdOptions>().Bind(config.GetSection("Channels:Spamd"))
            .Validate(o => o.Port is >= 0 and < 65536 && o.TimeoutSeconds is > 0 and <= 120 && o.Threshold > 0 && o.MaxBytes > 0,
                "Channels:Spamd needs a port (0 = off), TimeoutSeconds 0–120, a positive Threshold and MaxBytes.")
            .ValidateOnStart();
        services.AddSingleton<SpamdClient>();

        services.AddScoped<IInboundFilter, LoopGuardFilter>();
        services.AddScoped<IInboundFilter, SpamFilter>();
        services.AddScoped<IInboundFilter, CustomerMatchFilter>();
        services.AddScoped<IInboundFilter, ThreadMatchFilter>();
        services.AddScoped<ChannelIntake>();
        services.AddScoped<WebhookReplayGuard>();
        services.AddHostedService<WebhookNoncePurge>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<Infrastructure.Http.IUploadSizeLimit>(sp => sp.GetRequiredService<AttachmentStore>());
        services.AddScoped<IComplaintFiles, ComplaintFileStore>();
        services.AddScoped<EmailReceiver>();
        services.AddSingleton<IntakeMessageStore>();
        services.AddHostedService<SmtpListener>();
        services.AddScoped<ChatService>();

        services.AddOptions<SocialReplyOptions>().Bind(config.GetSection("Channels:Social"))
            .Validate(o => string.IsNullOrWhiteSpace(o.ReplyUrl) || Uri.TryCreate(o.ReplyUrl, UriKind.Absolute, out _), "Channels:Social:ReplyUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddHttpClient(nameof(WebhookReplyAdapter), c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(nameof(WeChatReplyAdapter), c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<ISocialReplyAdapter, WeChatReplyAdapter>();
        services.AddSocialMessages();
        foreach (var channel in new[] { Complaints.TicketChannel.Weibo, Complaints.TicketChannel.App })
        {
            services.AddSingleton<ISocialReplyAdapter>(sp => ActivatorUtilities.CreateInstance<WebhookReplyAdapter>(sp, channel));
        }
        services.AddSingleton<SocialReplySender>();
        services.AddSingleton<Notifications.INotificationSender>(sp => sp.GetRequiredService<SocialReplySender>());
        services.AddScoped<Customers.ICustomerRecordsOwner, MoveContactsToCustomer>();
        services.AddPagePanel<Pages.CustomerHistory, CustomerPanelContext>(CustomerPanelContext.Main, 10, c => new Dictionary<string, object?>
        {
            ["CustomerId"] = c.CustomerId, ["TimeZone"] = c.TimeZone, ["PageNumber"] = c.PageNumber,
        });
        services.AddPagePanel<Pages.CustomerFiles, CustomerPanelContext>(CustomerPanelContext.Main, 20, c => new Dictionary<string, object?>
        {
            ["CustomerId"] = c.CustomerId, ["TimeZone"] = c.TimeZone,
        });
        services.AddSingleton<Notifications.ISocialReplyRoutes>(sp => sp.GetRequiredService<SocialReplySender>());
        services.AddPagePanel<Pages.CustomerInteractions, ComplaintPanelContext>(ComplaintPanelPlace.StaffAfterCustomer, 20, c => new Dictionary<string, object?>
        {
            ["CustomerId"] = c.CustomerId, ["CurrentTicketId"] = c.TicketId,
        });

        services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(
                new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower)))
            .AddStackExchangeRedis();
        // Redis (PAYDESK_REDIS or Redis:Connection) carries chat between instances; one instance needs none.
        services.AddOptions<RedisOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.Configuration = ConfigurationOptions.Parse(RedisConnection(c) ?? "localhost");
            o.Configuration.ChannelPrefix = RedisChannel.Literal("paydesk");
            o.Configuration.AbortOnConnectFail = false;
            // Redis down: fail at once, so the hub delivers on this node (ConfiguredHubLifetimeManager) instead of
            // holding every chat message for the 5-second command timeout and then failing it.
            o.Configuration.BacklogPolicy = BacklogPolicy.FailFast;
        });
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(ConfiguredHubLifetimeManager<>));
        if (RedisConnection(config) is { } redis)
        {
            services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration("redis", _ => new RedisHealthCheck(redis),
                Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(3)));
        }

        services.AddCors();
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>, ChatCorsSetup>();
        return builder;
    }

    public static string? RedisConnection(IConfiguration c) =>
        c["PAYDESK_REDIS"] is { Length: > 0 } env ? env : c["Redis:Connection"] is { Length: > 0 } conn ? conn : null;

    public static RouteGroupBuilder MapChannels(this RouteGroupBuilder api)
    {
        api.MapChat();
        api.MapPhone();
        api.MapSms();
        api.MapSocial();
        api.MapQuarantine();
        api.MapCustomerTimeline();
        api.MapChannelSettings();
        return api;
    }

}

/// <summary>
/// The chat widget's CORS policy. The allowed origins are read on every request from the options in force
/// (Channels:Chat:AllowedOrigins, or saved on /admin/channels), so a saved list applies without a restart; empty allows any.
/// </summary>
internal sealed class ChatCorsSetup(Microsoft.Extensions.Options.IOptionsMonitor<ChatOptions> chat)
    : Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>
{
    public void Configure(Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions options) =>
        options.AddPolicy(ChatEndpoints.CorsPolicy, p => p.AllowAnyHeader().AllowAnyMethod().SetIsOriginAllowed(IsAllowed));

    private bool IsAllowed(string origin)
    {
        var allowed = chat.CurrentValue.AllowedOrigins;
        return allowed.Length == 0 || allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
