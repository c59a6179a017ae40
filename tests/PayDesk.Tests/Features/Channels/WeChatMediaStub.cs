using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace PayDesk.Tests.Features.Channels;

/// <summary>
/// A loopback stand-in for WeChat's API and picture CDN: an access token, temporary media by id (img-* a JPEG, voice-* an
/// AMR clip, exe-* a Windows program, missing-* WeChat's JSON error) and pictures under /pic. Every request is logged, so a
/// test can show that an address it must not fetch was never asked for. Customer-service messages sent to users
/// (/cgi-bin/message/custom/send) are kept in <see cref="Sent"/>.
/// </summary>
public sealed class WeChatMediaStub : IAsyncDisposable
{
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];
    public static readonly byte[] Amr = [.. "#!AMR\n"u8, 0x3C, 0x48, 0xF5, 0x1F, 0x96, 0x66, 0x79, 0xE1, 0xE0, 0x01, 0xE7, 0x8A, 0xF0, 0x00, 0x00, 0x00];
    public static readonly byte[] Exe = [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];

    private readonly WebApplication _app;

    public ConcurrentQueue<string> Requests { get; }

    /// <summary>The messages PayDesk sent to WeChat users (touser, text.content), in order.</summary>
    public ConcurrentQueue<JsonElement> Sent { get; }

    /// <summary>The allowed origin, e.g. http://127.0.0.1:40123.</summary>
    public string Origin { get; }

    /// <summary>The same server under another name (localhost): an origin that is not on the allow-list.</summary>
    public string OtherOrigin => Origin.Replace("127.0.0.1", "localhost");

    private WeChatMediaStub(WebApplication app, ConcurrentQueue<string> requests, ConcurrentQueue<JsonElement> sent)
    {
        _app = app;
        Requests = requests;
        Sent = sent;
        Origin = app.Urls.First().TrimEnd('/');
    }

    public static async Task<WeChatMediaStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var requests = new ConcurrentQueue<string>();
        app.Use((context, next) =>
        {
            requests.Enqueue(context.Request.Path + context.Request.QueryString);
            return next(context);
        });
        app.MapGet("/cgi-bin/token", () => Results.Ok(new { access_token = "media-token", expires_in = 7200 }));
        app.MapGet("/cgi-bin/media/get", (string access_token, string media_id) =>
            access_token != "media-token" ? Results.Json(new { errcode = 40001, errmsg = "invalid credential" })
            : media_id.StartsWith("img-") ? Results.Bytes(Jpeg, "image/jpeg")
            : media_id.StartsWith("voice-") ? Results.Bytes(Amr, "audio/amr")
            : media_id.StartsWith("exe-") ? Results.Bytes(Exe, "image/jpeg")
            : Results.Json(new { errcode = 40007, errmsg = "invalid media_id" }));
        var sent = new ConcurrentQueue<JsonElement>();
        app.MapPost("/cgi-bin/message/custom/send", async (HttpRequest request, string access_token) =>
        {
            if (access_token != "media-token") return Results.Json(new { errcode = 40001, errmsg = "invalid credential" });
            sent.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        app.MapGet("/pic/{name}", (string name) => Results.Bytes(Jpeg, "image/jpeg"));
        app.MapGet("/redirect", () => Results.Redirect("/forbidden/after-redirect.jpg"));
        app.MapGet("/forbidden/{name}", (string name) => Results.Bytes(Jpeg, "image/jpeg"));
        await app.StartAsync();
        return new WeChatMediaStub(app, requests, sent);
    }

    /// <summary>The settings that point PayDesk's WeChat channel at this stand-in.</summary>
    public void Configure(IDictionary<string, string?> settings)
    {
        settings["Channels:WeChat:AppId"] = "wx-media";
        settings["Channels:WeChat:AppSecret"] = "wx-media-secret";
        settings["Channels:WeChat:ApiBase"] = Origin;
        settings["Channels:WeChat:MediaHosts:0"] = Origin;
        settings["Channels:Social:MediaHosts:0"] = Origin;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
