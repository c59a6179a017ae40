using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PayDesk.Features.Channels;

public enum SignatureCheck
{
    Valid,
    Missing,
    Stale,
    Invalid,
}

/// <summary>
/// HMAC-SHA256 over "{timestamp}.{body}" with the channel's shared secret, sent as
/// X-PayDesk-Timestamp (Unix seconds) and X-PayDesk-Signature (sha256=hex). Documented in
/// docs/channels.md for PBX, SMS gateway and social integrators.
/// </summary>
internal static class WebhookSignature
{
    public const string TimestampHeader = "X-PayDesk-Timestamp";
    public const string SignatureHeader = "X-PayDesk-Signature";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }

    public static SignatureCheck Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, int maxSkewSeconds)
    {
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader)) return SignatureCheck.Missing;
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)) return SignatureCheck.Invalid;
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > maxSkewSeconds) return SignatureCheck.Stale;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signatureHeader.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    /// <summary>
    /// Reads the whole body, checks its signature and refuses a delivery seen before (the signature is
    /// the replay key: these protocols have no nonce, and it covers the timestamp and the body).
    /// A problem result when any of that fails.
    /// </summary>
    public static async Task<(byte[] Body, IResult? Problem)> ReadVerifiedAsync(
        HttpRequest request, string scope, string? secret, TimeProvider clock, int maxSkewSeconds, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return ([], TypedResults.Problem("This channel is not configured on this server.", statusCode: StatusCodes.Status404NotFound));
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        var check = Verify(secret, request.Headers[TimestampHeader], request.Headers[SignatureHeader], body, clock.GetUtcNow(), maxSkewSeconds);
        if (check != SignatureCheck.Valid)
        {
            return (body, TypedResults.Problem($"Webhook signature {check.ToString().ToLowerInvariant()}.", statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized"));
        }
        var guard = request.HttpContext.RequestServices.GetRequiredService<WebhookReplayGuard>();
        var timestamp = long.Parse(request.Headers[TimestampHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        return await guard.TryClaimAsync(request.HttpContext, scope, request.Headers[SignatureHeader].ToString().Trim().ToLowerInvariant(), timestamp, ct)
            ? (body, null)
            : (body, WebhookReplayGuard.Replayed());
    }
}
