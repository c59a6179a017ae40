using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PayDesk.Infrastructure.Observability;

/// <summary>
/// PayDesk's own metrics and trace source (docs/operations.md, Monitoring). Static, so the static use cases
/// (CreateTicket.OpenAsync is called by every channel) record without extra plumbing; a measurement is one
/// <c>Add</c> on an instrument nobody listens to unless the metrics pipeline is on. Labels are closed sets
/// (channel, clock kind, queue, reason, job): never a customer, a number or free text.
/// </summary>
internal static class PayDeskTelemetry
{
    public const string Name = "PayDesk";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Complaints opened, by the channel they came in on (every channel passes CreateTicket.OpenAsync).</summary>
    public static readonly Counter<long> ComplaintsReceived = Meter.CreateCounter<long>(
        "paydesk.complaints.received", description: "Complaints received, by channel");

    /// <summary>How long work waited for a person: a chat for an agent to accept it, a complaint for its first owner.</summary>
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram(
        "paydesk.queue.wait", unit: "s", description: "Time waiting in a queue before a person took the work, by queue (chat, complaint)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600] });

    public static readonly Counter<long> ClocksAtRisk = Meter.CreateCounter<long>(
        "paydesk.sla.clocks.at_risk", description: "Service-level clocks that reached their at-risk point, by clock");

    public static readonly Counter<long> ClocksBreached = Meter.CreateCounter<long>(
        "paydesk.sla.clocks.breached", description: "Service-level clocks that passed their due time, by clock");

    /// <summary>Visitor connections to the chat hub on this node (sum over nodes for the cluster).</summary>
    public static readonly UpDownCounter<long> ChatsActive = Meter.CreateUpDownCounter<long>(
        "paydesk.chats.active", description: "Chat visitors connected to this node");

    public static readonly Counter<long> NotificationsSent = Meter.CreateCounter<long>(
        "paydesk.notifications.sent", description: "Notifications delivered to the sender (SMS gateway, mail relay, app), by channel");

    public static readonly Counter<long> NotificationsFailed = Meter.CreateCounter<long>(
        "paydesk.notifications.failed", description: "Notification attempts that failed, by channel; final=true when the message gave up (dead)");

    public static readonly Counter<long> AssistantHandOffs = Meter.CreateCounter<long>(
        "paydesk.assistant.handoffs", description: "Conversations the assistant handed to a person, by reason");

    public static readonly Counter<long> AssistantIntents = Meter.CreateCounter<long>(
        "paydesk.assistant.intents", description: "Messages whose intent the assistant judged, by model (endpoint, offline, tfidf) and why the better one was not used (busy, none)");

    /// <summary>
    /// SQLite's single writer (SqliteWriter): how long saves waited for it, and how long it ran them. Busy seconds per
    /// second close to 1 mean the writer is the ceiling of write throughput, not the cores.
    /// </summary>
    public static readonly Histogram<double> SqliteWriterWait = Meter.CreateHistogram(
        "paydesk.sqlite.writer.wait", unit: "s", description: "Time a save waited in the queue of the SQLite writer",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });

    public static readonly Counter<double> SqliteWriterBusy = Meter.CreateCounter<double>(
        "paydesk.sqlite.writer.busy", unit: "s", description: "Time the SQLite writer spent running saves");

    public static readonly Histogram<int> SqliteWriterBatch = Meter.CreateHistogram(
        "paydesk.sqlite.writer.batch", unit: "{save}", description: "Saves the SQLite writer committed in one transaction",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32] });

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram(
        "paydesk.job.duration", unit: "s", description: "Background job rounds, by job and outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60] });
}

/// <summary>Enum values as metric labels, in the API's snake_case, computed once per value (the intake path records one per complaint).</summary>
internal static class MetricLabel<T> where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => Http.EnumText.Name(v));

    public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : "other";
}
