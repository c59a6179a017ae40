using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Channels.Social;

internal static class SocialMessagesSetup
{
    /// <summary>Non-text WeChat messages: the shared access token, the media fetcher (no redirects: an allowed host cannot send us elsewhere).</summary>
    public static IServiceCollection AddSocialMessages(this IServiceCollection services)
    {
        static bool Origins(string[]? hosts) => (hosts ?? []).All(h => Uri.TryCreate(h, UriKind.Absolute, out var u) && u.Scheme is "https" or "http");
        services.AddOptions<WeChatOptions>()
            .Validate(o => o.MediaTimeoutSeconds is > 0 and <= 30, "Channels:WeChat:MediaTimeoutSeconds must be more than 0 and at most 30.")
            .Validate(o => Origins(o.MediaHosts), "Channels:WeChat:MediaHosts must be absolute http(s) origins.")
            .ValidateOnStart();
        services.AddOptions<SocialReplyOptions>()
            .Validate(o => Origins(o.MediaHosts), "Channels:Social:MediaHosts must be absolute http(s) origins.").ValidateOnStart();
        services.AddSingleton<WeChatAccessTokens>();
        services.AddSingleton<WeChatMedia>();
        services.AddHttpClient(WeChatMedia.Client, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddScoped<KeepSocialMessage>();
        services.AddScoped<AnswerWeChatMessage>();
        services.AddScoped<SocialMessageKinds>();
        return services;
    }
}

/// <summary>The official account's access token (/cgi-bin/token), cached until five minutes before it expires.</summary>
internal sealed class WeChatAccessTokens(IOptionsMonitor<WeChatOptions> options, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> Tokens = new();

    public bool Configured => !string.IsNullOrEmpty(options.CurrentValue.AppId) && !string.IsNullOrEmpty(options.CurrentValue.AppSecret);

    public string Api => (options.CurrentValue.ApiBase ?? "https://api.weixin.qq.com").TrimEnd('/');

    public async Task<string> GetAsync(HttpClient client, CancellationToken ct)
    {
        var appId = options.CurrentValue.AppId!;
        if (Tokens.TryGetValue(appId, out var cached) && cached.Until > clock.GetUtcNow()) return cached.Token;
        var result = await client.GetFromJsonAsync<JsonObject>(
            $"{Api}/cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(appId)}&secret={Uri.EscapeDataString(options.CurrentValue.AppSecret!)}", ct);
        var token = result?["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"WeChat gave no access token (errcode {result?["errcode"]}).");
        var seconds = result["expires_in"]?.GetValue<int>() ?? 7200;
        Tokens[appId] = (token, clock.GetUtcNow().AddSeconds(seconds - 300));
        return token;
    }

    /// <summary>WeChat says the token is no longer good (40001, 42001): the next call fetches a new one.</summary>
    public void Drop(int errcode)
    {
        if (errcode is 40001 or 42001) Tokens.TryRemove(options.CurrentValue.AppId!, out _);
    }
}

/// <summary>
/// Fetches what a WeChat user sent (a picture, a voice clip): from the temporary-media API by MediaId when the app is
/// configured, or from PicUrl when its origin is one of <see cref="WeChatOptions.MediaHosts"/>. Never from any other URL,
/// never following redirects, never more than the attachment limit, never longer than the passive reply allows.
/// </summary>
internal sealed class WeChatMedia(IHttpClientFactory http, WeChatAccessTokens tokens, IOptionsMonitor<WeChatOptions> options, AttachmentStore store,
    ILogger<WeChatMedia> logger)
{
    public const string Client = "WeChatMedia";

    public async Task<byte[]?> FetchAsync(string? mediaId, string? picUrl, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.CurrentValue.MediaTimeoutSeconds));
        var client = http.CreateClient(Client);
        try
        {
            if (AllowedPicture(picUrl) is { } picture && await GetAsync(client, picture, timeout.Token) is { } bytes) return bytes;
            if (!string.IsNullOrEmpty(mediaId) && mediaId.Length <= 256 && tokens.Configured)
            {
                var token = await tokens.GetAsync(client, timeout.Token);
                return await GetAsync(client, new Uri($"{tokens.Api}/cgi-bin/media/get?access_token={Uri.EscapeDataString(token)}&media_id={Uri.EscapeDataString(mediaId)}"),
                    timeout.Token);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or System.Text.Json.JsonException)
        {
            if (ct.IsCancellationRequested) throw;
            logger.LogWarning("WeChat media could not be fetched: {Error}", e.GetType().Name);
        }
        return null;
    }

    /// <summary>A file the app or Weibo integration links to, from an origin listed in <c>Channels:Social:MediaHosts</c> only.</summary>
    public async Task<byte[]?> FetchAllowedAsync(string? url, string[]? hosts, CancellationToken ct)
    {
        if (Allowed(url, hosts ?? []) is not { } allowed) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.CurrentValue.MediaTimeoutSeconds));
        try
        {
            return await GetAsync(http.CreateClient(Client), allowed, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or System.Text.Json.JsonException)
        {
            if (ct.IsCancellationRequested) throw;
            logger.LogWarning("Social media could not be fetched: {Error}", e.GetType().Name);
            return null;
        }
    }

    /// <summary>The picture's address when its origin is allowed; anything else (another host, a port, http for https) is not fetched.</summary>
    public Uri? AllowedPicture(string? picUrl) =>
        Allowed(picUrl, options.CurrentValue.MediaHosts is { Length: > 0 } configured ? configured : WeChatOptions.DefaultMediaHosts);

    public static Uri? Allowed(string? address, string[] hosts)
    {
        if (!Uri.TryCreate(address?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.UserInfo)) return null;
        foreach (var host in hosts)
        {
            if (Uri.TryCreate(host, UriKind.Absolute, out var allowed)
                && string.Equals(allowed.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(allowed.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase)
                && allowed.Port == url.Port)
            {
                return url;
            }
        }
        return null;
    }

    private async Task<byte[]?> GetAsync(HttpClient client, Uri url, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode) return null;
        // The media API answers errors as JSON with status 200.
        if (response.Content.Headers.ContentType?.MediaType is "application/json" or "text/plain")
        {
            var error = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            tokens.Drop(error?["errcode"]?.GetValue<int>() ?? 0);
            return null;
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            // One byte past the limit is enough to refuse it as too large, without reading a huge file.
            if (buffer.Length + read > store.MaxBytes + 1) { buffer.Write(chunk, 0, (int)(store.MaxBytes + 1 - buffer.Length)); break; }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
