using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Settings;

/// <summary>The environment's <c>PublicBaseUrl</c>; when set it wins over the address an administrator saved.</summary>
internal sealed class PublicAddressOptions
{
    public string? PublicBaseUrl { get; set; }
}

/// <summary>Where the address in force came from.</summary>
internal enum PublicAddressSource
{
    /// <summary>The <c>PublicBaseUrl</c> environment variable or configuration key.</summary>
    Configuration,

    /// <summary>Saved by an administrator on /admin/settings.</summary>
    Database,

    /// <summary>Nothing set: the loopback address the server listens on out of the box.</summary>
    Default,
}

internal sealed record PublicAddressState(string Url, PublicAddressSource Source, string? SavedUrl, DateTime? SavedAt, string? SavedBy)
{
    /// <summary>True when customers' links would point at this machine (unset, localhost, 127.x, ::1, 0.0.0.0).</summary>
    public bool IsLoopback => PublicAddress.IsLoopback(Url);

    /// <summary>The banner's condition: customers would receive links they cannot open.</summary>
    public bool NeedsAttention => Source == PublicAddressSource.Default || IsLoopback;
}

/// <summary>
/// The one public address customers reach PayDesk at, for every link sent out of the building (solution
/// confirmation and survey links in SMS and e-mail, article links from the assistant on chat and WeChat,
/// article links in agents' drafts). Configuration wins, then the administrator's saved value, then the
/// loopback default. Read on every link, so it is kept in memory and refreshed from the database every
/// minute (another instance may have saved it) and at once after a save here.
/// </summary>
internal sealed class PublicAddress(IOptions<PublicAddressOptions> options, IServiceScopeFactory scopes)
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string SettingKey = "public.address";

    /// <summary>Written on the first administrator's first sign-in, so the settings page is offered once, not on every sign-in.</summary>
    public const string AskedKey = "public.address.asked";

    public const int MaxLength = 200;

    private volatile PublicAddressState _current = Resolve(options.Value.PublicBaseUrl, null);

    // The saved row and the address this server listens on, kept to resolve again when either changes.
    private AppSetting? _stored;
    private string _listening = DefaultUrl;

    public PublicAddressState Current => _current;

    /// <summary>The base without a trailing slash: links are <c>Url + "/confirm/…"</c>.</summary>
    public string Url => _current.Url;

    /// <summary>An absolute link to a path on the public address (the path starts with '/').</summary>
    public string Link(string path) => Url + (path.StartsWith('/') ? path : "/" + path);

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        _stored = await db.AppSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SettingKey, ct);
        _current = Resolve(options.Value.PublicBaseUrl, _stored, _listening);
    }

    /// <summary>
    /// With no address configured or saved, links point at the address this server listens on (Urls), not at 5080:
    /// a newcomer who started PayDesk on another port got survey links to a port nothing listened on. A wildcard
    /// host (0.0.0.0, [::], +, *) becomes 127.0.0.1 with its port. Still shown as needing attention (a loopback
    /// address reaches no customer).
    /// </summary>
    public void UseListening(IEnumerable<string>? addresses)
    {
        var first = addresses?.Select(ListeningUrl).FirstOrDefault(a => a is not null);
        if (first is null) return;
        _listening = first;
        _current = Resolve(options.Value.PublicBaseUrl, _stored, _listening);
    }

    internal static string? ListeningUrl(string address)
    {
        var text = address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return Normalise($"{uri.Scheme}://{(host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host)}:{uri.Port}", out _);
    }

    /// <summary>Saves the administrator's address (already normalised) and puts it in force unless configuration overrides it.</summary>
    public async Task<(string? Before, PublicAddressState After)> SaveAsync(AppDbContext db, string url, string by, DateTime now, CancellationToken ct)
    {
        var stored = await db.AppSettings.FirstOrDefaultAsync(s => s.Key == SettingKey, ct);
        var before = stored?.Value;
        if (stored is null) db.AppSettings.Add(stored = new AppSetting { Key = SettingKey, Value = url, UpdatedAt = now, UpdatedBy = by });
        else
        {
            stored.Value = url;
            stored.UpdatedAt = now;
            stored.UpdatedBy = by;
        }
        await db.SaveChangesAsync(ct);
        _stored = stored;
        _current = Resolve(options.Value.PublicBaseUrl, stored, _listening);
        return (before, _current);
    }

    /// <summary>
    /// True exactly once per installation: for the first administrator's first sign-in while no usable address
    /// is set. The marker row's key is the primary key, so two administrators signing in at once cannot both get it.
    /// </summary>
    public async Task<bool> AskOnceAsync(string by, DateTime now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.AppSettings.AnyAsync(s => s.Key == AskedKey, ct)) return false;
        db.AppSettings.Add(new AppSetting { Key = AskedKey, Value = "asked", UpdatedAt = now, UpdatedBy = by });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return false; // another sign-in wrote it first
        }
        // Configuration cannot be changed from the page, and an address already saved needs no question.
        return _current.Source != PublicAddressSource.Configuration && _current.NeedsAttention;
    }

    /// <summary>Marks the question as asked without asking (test hosts that sign administrators in all day).</summary>
    public async Task MarkAskedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.AppSettings.AnyAsync(s => s.Key == AskedKey, ct)) return;
        db.AppSettings.Add(new AppSetting { Key = AskedKey, Value = "asked", UpdatedAt = DateTime.UtcNow, UpdatedBy = "system" });
        await db.SaveChangesAsync(ct);
    }

    internal static PublicAddressState Resolve(string? configured, AppSetting? stored, string defaultUrl = DefaultUrl)
    {
        var saved = stored is null ? null : Normalise(stored.Value, out _);
        if (!string.IsNullOrWhiteSpace(configured) && Normalise(configured, out _) is { } fromConfig)
            return new PublicAddressState(fromConfig, PublicAddressSource.Configuration, saved, stored?.UpdatedAt, stored?.UpdatedBy);
        if (saved is not null) return new PublicAddressState(saved, PublicAddressSource.Database, saved, stored!.UpdatedAt, stored.UpdatedBy);
        return new PublicAddressState(defaultUrl, PublicAddressSource.Default, null, null, null);
    }

    /// <summary>
    /// An absolute http(s) address without query, fragment or user name, trailing slashes removed
    /// ("https://kefu.example.com/" → "https://kefu.example.com"); null with the reason's resource key otherwise.
    /// </summary>
    public static string? Normalise(string? input, out string? problemKey)
    {
        problemKey = null;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problemKey = "Validation.Required";
            return null;
        }
        if (text.Length > MaxLength)
        {
            problemKey = "PublicAddress.TooLong";
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host) || text.Any(char.IsWhiteSpace))
        {
            problemKey = "PublicAddress.NotHttp";
            return null;
        }
        if (text.Contains('?') || text.Contains('#'))
        {
            problemKey = "PublicAddress.NoQuery";
            return null;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            problemKey = "PublicAddress.NoUser";
            return null;
        }
        var path = uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Scheme}://{uri.Authority}{path}";
    }

    /// <summary>
    /// True for an address only the company's own network reaches: a private, link-local or carrier-grade NAT IP (10/8,
    /// 172.16/12, 192.168/16, 169.254/16, 100.64/10, fc00::/7, fe80::/10), a host without a dot ("kefu"), or a .local / .lan /
    /// .internal / .intranet / .corp / .home.arpa name.
    /// </summary>
    public static bool IsPrivate(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || IsLoopback(url)) return false;
        var host = uri.Host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip))
        {
            if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
            if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return ip.IsIPv6LinkLocal || ip.IsIPv6UniqueLocal || ip.IsIPv6SiteLocal;
            }
            var b = ip.GetAddressBytes();
            return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }
        return !host.Contains('.') || InternalSuffixes.Any(s => host.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] InternalSuffixes = [".local", ".lan", ".internal", ".intranet", ".corp", ".home.arpa"];

    public static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))));
}

internal sealed class PublicAddressRefreshService(PublicAddress address, ILogger<PublicAddressRefreshService> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(60), logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => address.ReloadAsync(ct);
}
