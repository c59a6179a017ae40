using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels;

/// <summary>
/// A webhook delivery already accepted: its replay key (the WeChat nonce, or the HMAC signature for
/// protocols without a nonce) is kept until its timestamp would be stale anyway. Kept in the
/// database so a replay is refused after a restart and by every instance.
/// </summary>
internal sealed class WebhookNonce
{
    /// <summary>"{scope}:{sha256 of the nonce or signature}", so its size is fixed whatever the sender wrote.</summary>
    public required string Key { get; init; }

    public DateTime ExpiresAt { get; init; }
}

internal sealed class WebhookNonceConfiguration : IEntityTypeConfiguration<WebhookNonce>
{
    public void Configure(EntityTypeBuilder<WebhookNonce> b)
    {
        b.ToTable("webhook_nonces");
        // The primary key is the unique index that makes a second claim fail, on every instance at once.
        b.HasKey(n => n.Key);
        b.Property(n => n.Key).HasMaxLength(80);
        b.HasIndex(n => n.ExpiresAt);
    }
}

/// <summary>
/// Refuses a signed webhook delivered a second time. The claim is one INSERT that does nothing on a
/// conflict with the unique key: no exception, no error in the log, and the database (not this
/// process) decides which of two racing deliveries wins.
/// </summary>
internal sealed class WebhookReplayGuard(AppDbContext db, IOptionsMonitor<WebhookOptions> options, TimeProvider clock, ILogger<WebhookReplayGuard> logger)
{
    private const string ClaimItem = "PayDesk.WebhookReplayKey";

    /// <summary>Whether a timestamp (Unix seconds) is within the allowed skew of our clock.</summary>
    public bool IsFresh(long timestamp) => Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - timestamp) <= options.CurrentValue.MaxSkewSeconds;

    /// <summary>
    /// Records the delivery's replay key; false when it was seen before. The key is kept until the
    /// timestamp leaves the accepted window, after which the stale check refuses it anyway.
    /// </summary>
    public async Task<bool> TryClaimAsync(HttpContext http, string scope, string replayKey, long timestamp, CancellationToken ct)
    {
        var key = KeyOf(scope, replayKey);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        // One extra minute covers a clock step between the check and the purge.
        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Max(now, timestamp) + options.CurrentValue.MaxSkewSeconds + 60).UtcDateTime;
        int inserted;
        await using (var write = await db.BeginWriteAsync(ct))
        {
            inserted = await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO webhook_nonces ("Key", "ExpiresAt") VALUES ({key}, {expires}) ON CONFLICT DO NOTHING""", ct);
            await write.CommitAsync(ct);
        }
        if (inserted == 0)
        {
            logger.LogInformation("Refused a replayed {Scope} webhook delivery", scope);
            return false;
        }
        http.Items[ClaimItem] = key;
        return true;
    }

    /// <summary>Forgets this request's claim, so the sender's retry of a delivery we failed to process is taken.</summary>
    public async Task ReleaseAsync(HttpContext http)
    {
        if (http.Items[ClaimItem] is not string key) return;
        http.Items.Remove(ClaimItem);
        await using var write = await db.BeginWriteAsync(CancellationToken.None);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM webhook_nonces WHERE "Key" = {key}""", CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
    }

    /// <summary>Endpoint filter for signed webhooks: a delivery that failed with an exception may be retried with the same signature.</summary>
    public static async ValueTask<object?> ReleaseOnFailureAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await context.HttpContext.RequestServices.GetRequiredService<WebhookReplayGuard>().ReleaseAsync(context.HttpContext);
            throw;
        }
    }

    public static string KeyOf(string scope, string replayKey) =>
        scope + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(replayKey)));

    /// <summary>The answer to a replayed delivery of the HMAC-signed webhooks and WeChat's server check.</summary>
    public static IResult Replayed() => TypedResults.Problem(
        "This webhook delivery was already received; a new delivery needs a fresh timestamp and signature.",
        statusCode: StatusCodes.Status409Conflict, title: "Replayed webhook");
}

/// <summary>Forgets replay keys whose timestamps are stale anyway, every five minutes.</summary>
internal sealed class WebhookNoncePurge(IServiceScopeFactory scopes, TimeProvider clock, ILogger<WebhookNoncePurge> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromMinutes(5), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var purged = await PurgeAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), clock.GetUtcNow().UtcDateTime, ct);
        if (purged > 0) logger.LogDebug("Purged {Count} expired webhook replay keys", purged);
    }

    public static async Task<int> PurgeAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var purged = await db.Set<WebhookNonce>().Where(n => n.ExpiresAt < now).ExecuteDeleteAsync(ct);
        await write.CommitAsync(ct);
        return purged;
    }
}
