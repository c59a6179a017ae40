using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using PayDesk.Features.Channels.Sms;
using PayDesk.Features.Channels.Social;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels;

/// <summary>Where a channel setting in force comes from.</summary>
internal enum ChannelSettingSource
{
    /// <summary>An environment variable or configuration key: always wins, read-only in the UI.</summary>
    Environment,

    /// <summary>Saved by an administrator on /admin/channels.</summary>
    Saved,

    /// <summary>Neither: the built-in default (or off).</summary>
    Default,
}

internal enum ChannelFieldKind
{
    Text,
    Host,
    Port,
    Security,
    Email,
    Url,
    Origins,
}

/// <summary>One channel setting an administrator may save: its id ("smtp.host"), its configuration key and whether it is a secret.</summary>
internal sealed record ChannelSettingField(string Channel, string Name, string ConfigKey, ChannelFieldKind Kind, bool Secret, string? Default)
{
    public string Id => $"{Channel}.{Name}";

    /// <summary>The app_settings row's key.</summary>
    public string StorageKey => ChannelSettingsStore.KeyPrefix + Id;
}

internal static class ChannelSettingFields
{
    private static readonly SmtpOptions SmtpDefaults = new();
    private static readonly SmsGatewayOptions SmsDefaults = new();

    public static readonly IReadOnlyList<ChannelSettingField> All =
    [
        new("smtp", "host", "Email:Smtp:Host", ChannelFieldKind.Host, false, null),
        new("smtp", "port", "Email:Smtp:Port", ChannelFieldKind.Port, false, SmtpDefaults.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("smtp", "security", "Email:Smtp:Security", ChannelFieldKind.Security, false, SmtpDefaults.Security.ToString()),
        new("smtp", "user", "Email:Smtp:User", ChannelFieldKind.Text, false, null),
        new("smtp", "password", "Email:Smtp:Password", ChannelFieldKind.Text, true, null),
        new("smtp", "fromAddress", "Email:Smtp:FromAddress", ChannelFieldKind.Email, false, SmtpDefaults.FromAddress),
        new("smtp", "fromName", "Email:Smtp:FromName", ChannelFieldKind.Text, false, SmtpDefaults.FromName),
        new("sms", "url", "Channels:Sms:Gateway:Url", ChannelFieldKind.Url, false, null),
        new("sms", "apiKey", "Channels:Sms:Gateway:ApiKey", ChannelFieldKind.Text, true, null),
        new("sms", "sender", "Channels:Sms:Gateway:Sender", ChannelFieldKind.Text, false, SmsDefaults.Sender),
        new("wechat", "token", "Channels:WeChat:Token", ChannelFieldKind.Text, true, null),
        new("wechat", "appId", "Channels:WeChat:AppId", ChannelFieldKind.Text, false, null),
        new("wechat", "appSecret", "Channels:WeChat:AppSecret", ChannelFieldKind.Text, true, null),
        new("wechat", "apiBase", "Channels:WeChat:ApiBase", ChannelFieldKind.Url, false, "https://api.weixin.qq.com"),
        new("webhooks", "phoneSecret", "Channels:Webhooks:PhoneSecret", ChannelFieldKind.Text, true, null),
        new("webhooks", "smsSecret", "Channels:Webhooks:SmsSecret", ChannelFieldKind.Text, true, null),
        new("webhooks", "socialSecret", "Channels:Webhooks:SocialSecret", ChannelFieldKind.Text, true, null),
        new("chat", "allowedOrigins", "Channels:Chat:AllowedOrigins", ChannelFieldKind.Origins, false, null),
    ];

    public static readonly IReadOnlyList<string> Channels = ["smtp", "sms", "wechat", "webhooks", "chat"];

    public static ChannelSettingField? Find(string id) => All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The origins in a saved list (one per line, or separated by commas or spaces).</summary>
    public static string[] SplitOrigins(string? text) =>
        (text ?? "").Split(['\n', '\r', ',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The value normalised for storing, or null with the reason's resource key.</summary>
    public static string? Check(ChannelSettingField field, string value, out string? problemKey)
    {
        problemKey = null;
        var text = field.Kind == ChannelFieldKind.Origins ? value : value.Trim();
        if (text.Length > (field.Kind == ChannelFieldKind.Origins ? 2000 : 500))
        {
            problemKey = "ChannelConfig.TooLong";
            return null;
        }
        switch (field.Kind)
        {
            case ChannelFieldKind.Host:
                if (Uri.CheckHostName(text) == UriHostNameType.Unknown) problemKey = "ChannelConfig.BadHost";
                return problemKey is null ? text : null;
            case ChannelFieldKind.Port:
                if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                {
                    problemKey = "ChannelConfig.BadPort";
                    return null;
                }
                return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case ChannelFieldKind.Security:
                if (!Enum.TryParse<SecureSocketOptions>(text, ignoreCase: true, out var security) || !Enum.IsDefined(security) || int.TryParse(text, out _))
                {
                    problemKey = "ChannelConfig.BadSecurity";
                    return null;
                }
                return security.ToString();
            case ChannelFieldKind.Email:
                if (!MimeKit.MailboxAddress.TryParse(text, out var mailbox) || !mailbox.Address.Contains('@') || text.Contains('<'))
                {
                    problemKey = "ChannelConfig.BadEmail";
                    return null;
                }
                return mailbox.Address;
            case ChannelFieldKind.Url:
                if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                    || string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo) || text.Any(char.IsWhiteSpace))
                {
                    problemKey = "ChannelConfig.BadUrl";
                    return null;
                }
                return text;
            case ChannelFieldKind.Origins:
                var origins = new List<string>();
                foreach (var item in SplitOrigins(text))
                {
                    if (!Uri.TryCreate(item, UriKind.Absolute, out var o) || (o.Scheme != Uri.UriSchemeHttp && o.Scheme != Uri.UriSchemeHttps)
                        || string.IsNullOrEmpty(o.Host) || !string.IsNullOrEmpty(o.UserInfo) || o.AbsolutePath != "/" || item.Contains('?') || item.Contains('#')
                        || item.TrimEnd('/').Length != $"{o.Scheme}://{o.Authority}".Length)
                    {
                        problemKey = "ChannelConfig.BadOrigin";
                        return null;
                    }
                    var normal = $"{o.Scheme}://{o.Authority}";
                    if (!origins.Contains(normal, StringComparer.OrdinalIgnoreCase)) origins.Add(normal);
                }
                if (origins.Count == 0)
                {
                    problemKey = "ChannelConfig.BadOrigin";
                    return null;
                }
                return string.Join('\n', origins);
            default:
                if (text.Any(char.IsControl))
                {
                    problemKey = "ChannelConfig.BadText";
                    return null;
                }
                return text;
        }
    }
}

/// <summary>A value an administrator saved (secrets already decrypted; kept only in memory).</summary>
internal sealed record SavedChannelSetting(string Value, DateTime UpdatedAt, string? UpdatedBy);

/// <summary>
/// Channel settings saved by administrators, in the app_settings table under "channel.{id}"; secrets are encrypted with
/// Data Protection (purpose <see cref="Purpose"/>) before they are written, so the row never holds the plaintext.
/// Configuration (environment variables) always wins: a saved value applies only where configuration has none
/// (<see cref="ChannelSettingsOptionsSetup"/>). A save fires <see cref="ChangeToken"/>, so every
/// <see cref="IOptionsMonitor{T}"/> consumer sees the new value at once, without a restart.
/// </summary>
internal sealed class ChannelSettingsStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, IConfiguration configuration,
    ILogger<ChannelSettingsStore> logger)
{
    public const string Purpose = "PayDesk.ChannelSettings.v1";
    public const string KeyPrefix = "channel.";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, SavedChannelSetting>? _saved;
    private CancellationTokenSource _changes = new();

    public IChangeToken ChangeToken
    {
        get
        {
            lock (_gate) return new CancellationChangeToken(_changes.Token);
        }
    }

    /// <summary>The saved values by field id (loaded from the database on first use).</summary>
    public IReadOnlyDictionary<string, SavedChannelSetting> Saved => _saved ?? LoadOnce();

    /// <summary>The configuration's value for a field (a list's items joined by new lines), or null when configuration has none.</summary>
    public string? Configured(ChannelSettingField field)
    {
        var section = configuration.GetSection(field.ConfigKey);
        if (field.Kind == ChannelFieldKind.Origins)
        {
            var items = section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
            if (items.Count > 0) return string.Join('\n', items);
        }
        return string.IsNullOrWhiteSpace(section.Value) ? null : section.Value;
    }

    /// <summary>The saved value that applies: null when configuration sets the field or nothing is saved.</summary>
    public string? SavedInForce(string id)
    {
        var field = ChannelSettingFields.Find(id) ?? throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown channel setting.");
        return Configured(field) is null && Saved.TryGetValue(field.Id, out var saved) ? saved.Value : null;
    }

    public ChannelSettingSource SourceOf(ChannelSettingField field) =>
        Configured(field) is not null ? ChannelSettingSource.Environment
        : Saved.ContainsKey(field.Id) ? ChannelSettingSource.Saved : ChannelSettingSource.Default;

    /// <summary>What the app_settings row holds for a value: the ciphertext for a secret, the value itself otherwise.</summary>
    public string ToStored(ChannelSettingField field, string value) => field.Secret ? _protector.Protect(value) : value;

    public string FromStored(ChannelSettingField field, string stored) => field.Secret ? _protector.Unprotect(stored) : stored;

    /// <summary>Reads the saved values again (another instance may have saved) and tells the options when they changed.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.AppSettings.AsNoTracking().Where(s => s.Key.StartsWith(KeyPrefix)).ToListAsync(ct);
        Replace(Decode(rows));
    }

    /// <summary>
    /// Writes the changes (field id → new value, or null to clear) with who and when, then puts them in force.
    /// Values must already be checked and normalised (<see cref="ChannelSettingFields.Check"/>).
    /// </summary>
    public async Task SaveAsync(AppDbContext db, IReadOnlyDictionary<ChannelSettingField, string?> changes, string by, DateTime now, CancellationToken ct)
    {
        var keys = changes.Keys.Select(f => f.StorageKey).ToList();
        var rows = await db.AppSettings.Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, ct);
        foreach (var (field, value) in changes)
        {
            rows.TryGetValue(field.StorageKey, out var row);
            if (value is null)
            {
                if (row is not null) db.AppSettings.Remove(row);
                continue;
            }
            var stored = ToStored(field, value);
            if (row is null) db.AppSettings.Add(new AppSetting { Key = field.StorageKey, Value = stored, UpdatedAt = now, UpdatedBy = by });
            else
            {
                row.Value = stored;
                row.UpdatedAt = now;
                row.UpdatedBy = by;
            }
        }
        await db.SaveChangesAsync(ct);
        await ReloadAsync(ct);
    }

    private IReadOnlyDictionary<string, SavedChannelSetting> LoadOnce()
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = db.AppSettings.AsNoTracking().Where(s => s.Key.StartsWith(KeyPrefix)).ToList();
            var saved = Decode(rows);
            lock (_gate) _saved ??= saved;
            return _saved;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The database is not ready yet (first start before migrations): configuration alone applies until the refresh reads it.
            logger.LogWarning("Saved channel settings could not be read yet: {Error}", e.GetType().Name);
            return new Dictionary<string, SavedChannelSetting>();
        }
    }

    private Dictionary<string, SavedChannelSetting> Decode(List<AppSetting> rows)
    {
        var saved = new Dictionary<string, SavedChannelSetting>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (ChannelSettingFields.Find(row.Key[KeyPrefix.Length..]) is not { } field) continue;
            try
            {
                saved[field.Id] = new SavedChannelSetting(FromStored(field, row.Value), row.UpdatedAt, row.UpdatedBy);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // The key ring changed: the secret cannot be read and must be entered again. Never log the value.
                logger.LogWarning("The saved channel secret {Field} cannot be decrypted (data protection keys changed); it is ignored.", field.Id);
            }
        }
        return saved;
    }

    private void Replace(Dictionary<string, SavedChannelSetting> saved)
    {
        CancellationTokenSource fired;
        lock (_gate)
        {
            if (_saved is not null && _saved.Count == saved.Count && _saved.All(kv => saved.TryGetValue(kv.Key, out var v) && v == kv.Value)) return;
            _saved = saved;
            fired = _changes;
            _changes = new CancellationTokenSource();
        }
        fired.Cancel();
    }
}

/// <summary>
/// Fills the channels' options with the saved values where configuration has none (runs after binding, so the
/// environment always wins), for every options type an administrator can change on /admin/channels.
/// </summary>
internal sealed class ChannelSettingsOptionsSetup(ChannelSettingsStore store) :
    IPostConfigureOptions<SmtpOptions>, IPostConfigureOptions<SmsGatewayOptions>, IPostConfigureOptions<WeChatOptions>,
    IPostConfigureOptions<WebhookOptions>, IPostConfigureOptions<ChatOptions>
{
    public void PostConfigure(string? name, SmtpOptions options)
    {
        if (store.SavedInForce("smtp.host") is { } host) options.Host = host;
        if (store.SavedInForce("smtp.port") is { } port && int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var p)) options.Port = p;
        if (store.SavedInForce("smtp.security") is { } security && Enum.TryParse<SecureSocketOptions>(security, out var s)) options.Security = s;
        if (store.SavedInForce("smtp.user") is { } user) options.User = user;
        if (store.SavedInForce("smtp.password") is { } password) options.Password = password;
        if (store.SavedInForce("smtp.fromAddress") is { } from) options.FromAddress = from;
        if (store.SavedInForce("smtp.fromName") is { } fromName) options.FromName = fromName;
    }

    public void PostConfigure(string? name, SmsGatewayOptions options)
    {
        if (store.SavedInForce("sms.url") is { } url) options.Url = url;
        if (store.SavedInForce("sms.apiKey") is { } key) options.ApiKey = key;
        if (store.SavedInForce("sms.sender") is { } sender) options.Sender = sender;
    }

    public void PostConfigure(string? name, WeChatOptions options)
    {
        if (store.SavedInForce("wechat.token") is { } token) options.Token = token;
        if (store.SavedInForce("wechat.appId") is { } appId) options.AppId = appId;
        if (store.SavedInForce("wechat.appSecret") is { } secret) options.AppSecret = secret;
        if (store.SavedInForce("wechat.apiBase") is { } apiBase) options.ApiBase = apiBase;
    }

    public void PostConfigure(string? name, WebhookOptions options)
    {
        if (store.SavedInForce("webhooks.phoneSecret") is { } phone) options.PhoneSecret = phone;
        if (store.SavedInForce("webhooks.smsSecret") is { } sms) options.SmsSecret = sms;
        if (store.SavedInForce("webhooks.socialSecret") is { } social) options.SocialSecret = social;
    }

    public void PostConfigure(string? name, ChatOptions options)
    {
        if (store.SavedInForce("chat.allowedOrigins") is { } origins) options.AllowedOrigins = ChannelSettingFields.SplitOrigins(origins);
    }
}

/// <summary>Tells <see cref="IOptionsMonitor{T}"/> to rebuild the options when an administrator saves channel settings.</summary>
internal sealed class ChannelSettingsChangeTokenSource<TOptions>(ChannelSettingsStore store) : IOptionsChangeTokenSource<TOptions>
{
    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => store.ChangeToken;
}

/// <summary>Reads the saved channel settings at start and every minute (another instance may have saved).</summary>
internal sealed class ChannelSettingsRefreshService(ChannelSettingsStore store, ILogger<ChannelSettingsRefreshService> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(60), logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => store.ReloadAsync(ct);
}

internal static class ChannelSettingsSetup
{
    public static IServiceCollection AddChannelSettings(this IServiceCollection services)
    {
        services.AddSingleton<ChannelSettingsStore>();
        services.AddSingleton<ChannelSettingsOptionsSetup>();
        Add<SmtpOptions>(services);
        Add<SmsGatewayOptions>(services);
        Add<WeChatOptions>(services);
        Add<WebhookOptions>(services);
        Add<ChatOptions>(services);
        services.AddHostedService<ChannelSettingsRefreshService>();
        return services;
    }

    private static void Add<TOptions>(IServiceCollection services) where TOptions : class
    {
        services.AddSingleton<IPostConfigureOptions<TOptions>>(sp => (IPostConfigureOptions<TOptions>)(object)sp.GetRequiredService<ChannelSettingsOptionsSetup>());
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>, ChannelSettingsChangeTokenSource<TOptions>>();
    }
}
