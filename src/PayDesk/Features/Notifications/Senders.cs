using System.Text.Json;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Notifications;

/// <summary>A message ready to leave: the real destination, resolved at send time.</summary>
internal sealed record OutgoingMessage(Guid Id, NotificationChannel Channel, string Destination, string DestinationMasked, string? Subject, string Body)
{
    /// <summary>For e-mail: the customer's last message on the complaint, so the reply threads in their mail client.</summary>
    public string? InReplyTo { get; init; }
}

/// <summary>One delivery route per channel (SMS gateway, SMTP relay, in-app). Throws when delivery fails.</summary>
internal interface INotificationSender
{
    NotificationChannel Channel { get; }

    /// <returns>The provider's message id, when it gives one.</returns>
    Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>In-app notices are the outbox row itself: the portal reads them. Delivery is immediate.</summary>
internal sealed class InAppSender : INotificationSender
{
    public NotificationChannel Channel => NotificationChannel.InApp;

    public Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct) => Task.FromResult<string?>(message.Id.ToString());
}

/// <summary>
/// The development outbox: without a configured SMS gateway or SMTP relay, messages are written
/// as JSON lines to &lt;data dir&gt;/dev-outbox/&lt;channel&gt;.jsonl (destination masked), so a developer
/// can read the one-time code a test customer would have received.
/// </summary>
internal sealed class DevelopmentOutboxSender(NotificationChannel channel, StorageOptions storage) : INotificationSender
{
    private static readonly SemaphoreSlim FileLock = new(1, 1);

    // The file's path is worked out once (it was per message, with a directory check each time: under a burst of
    // acknowledgements that was most of this sender's cost); a folder removed meanwhile is made again.
    private string? _path;

    public NotificationChannel Channel => channel;

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var line = JsonSerializer.Serialize(new
        {
            id = message.Id,
            at = DateTime.UtcNow,
            to = message.DestinationMasked,
            subject = message.Subject,
            body = message.Body,
        }) + "\n";
        await FileLock.WaitAsync(ct);
        try
        {
            var path = _path ??= Path.Combine(Path.GetFullPath(storage.DataDir), "dev-outbox", $"{channel.ToString().ToLowerInvariant()}.jsonl");
            try
            {
                // A few hundred bytes to the page cache: written synchronously under the lock, without a thread-pool hop.
                File.AppendAllText(path, line);
            }
            catch (DirectoryNotFoundException)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.AppendAllText(path, line);
            }
        }
        finally
        {
            FileLock.Release();
        }
        return $"dev-{message.Id}";
    }
}
