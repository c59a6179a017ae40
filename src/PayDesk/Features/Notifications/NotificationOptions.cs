namespace PayDesk.Features.Notifications;

internal sealed class NotificationOptions
{
    public int DispatchIntervalSeconds { get; set; } = 2;
    public int MaxAttempts { get; set; } = 6;
    public int BatchSize { get; set; } = 50;

    /// <summary>Messages in flight at once (each customer's still one after another).</summary>
    public int Concurrency { get; set; } = 8;
}
