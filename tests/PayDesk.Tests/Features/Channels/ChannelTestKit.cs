using System.Net;
using System.Net.Sockets;
using System.Text;
using PayDesk.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>Settings and helpers the channel tests share: webhook secrets, signed posts, free ports.</summary>
internal static class ChannelTestKit
{
    public const string PhoneSecret = "phone-secret-for-tests";
    public const string SmsSecret = "sms-secret-for-tests";
    public const string SocialSecret = "social-secret-for-tests";
    public const string WeChatToken = "wechat-token-for-tests";

    /// <summary><see cref="Settings"/> plus scoring with the test spamd when there is one.</summary>
    public static Dictionary<string, string?> SettingsWithSpamd()
    {
        var settings = Settings();
        foreach (var (key, value) in SpamdTestServer.Settings()) settings[key] = value;
        return settings;
    }

    public static Dictionary<string, string?> Settings(int inboundSmtpPort = 0) => new()
    {
        ["Channels:Webhooks:PhoneSecret"] = PhoneSecret,
        ["Channels:Webhooks:SmsSecret"] = SmsSecret,
        ["Channels:Webhooks:SocialSecret"] = SocialSecret,
        ["Channels:WeChat:Token"] = WeChatToken,
        ["Email:Inbound:Port"] = inboundSmtpPort.ToString(),
        // These tests are about the channels' plumbing; the assistant's part is tested in SocialAssistantTests.
        ["Assistant:Enabled"] = "false",
    };

    /// <summary>WeChat's server signature: SHA-1 over the sorted token, timestamp and nonce (computed here independently of PayDesk).</summary>
    public static string WeChatSignature(string timestamp, string nonce)
    {
        var parts = new[] { WeChatToken, timestamp, nonce };
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static Task<HttpResponseMessage> PostSignedAsync(HttpClient client, string url, string json, string secret, DateTimeOffset? at = null, string? signature = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString());
        request.Headers.Add(WebhookSignature.SignatureHeader, signature ?? WebhookSignature.Sign(secret, timestamp, body));
        return client.SendAsync(request);
    }

    public static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"Nothing listens on {port}.");
    }

    /// <summary>
    /// Speaks SMTP by hand, to deliver bytes no mail library would produce (broken MIME, no headers).
    /// Returns the reply code to DATA's end.
    /// </summary>
    public static async Task<int> SendRawSmtpAsync(int port, byte[] raw, string mailFrom = "sender@example.cn")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        async Task<string> ReadReplyAsync()
        {
            string line;
            do line = (await reader.ReadLineAsync())!; while (line.Length > 3 && line[3] == '-');
            return line;
        }
        async Task<string> CommandAsync(string command)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            return await ReadReplyAsync();
        }
        await ReadReplyAsync();
        await CommandAsync("EHLO tests");
        await CommandAsync($"MAIL FROM:<{mailFrom}>");
        await CommandAsync("RCPT TO:<kefu@paydesk.example>");
        await CommandAsync("DATA");
        var endsWithLine = raw.AsSpan().EndsWith("\r\n"u8);
        await stream.WriteAsync(raw);
        if (!endsWithLine) await stream.WriteAsync("\r\n"u8.ToArray());
        var end = await CommandAsync(".");
        await CommandAsync("QUIT");
        return int.Parse(end[..3]);
    }
}
