// Chat load: N visitors connected at once over WebSockets, each sending messages at a steady
// pace; measures the time from invoking Send until the message comes back through the hub's
// broadcast to the conversation (validated, stored, fanned out). Prints p50/p95/p99.
//   dotnet PayDesk.ChatLoad.dll --url http://127.0.0.1:5180 --email admin@paydesk.local --password … \
//       [--connections 1000] [--seconds 30] [--rate 100] [--warmup 10] [--text "message {0} …"] [--timeline 1]
// --mode faults (bench/cluster.sh): visitors with automatic reconnect send messages for --seconds while the script kills
// or restarts nodes; at the end every visitor asks History and the run counts messages the server acknowledged but lost,
// visitors that reconnected, and visitors whose conversation changed or who could not come back.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

var options = ParseArgs(args);
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5180").TrimEnd('/');
var connections = int.Parse(options.GetValueOrDefault("connections", "1000"));
var seconds = int.Parse(options.GetValueOrDefault("seconds", "30"));
var warmup = int.Parse(options.GetValueOrDefault("warmup", "10"));
var rate = double.Parse(options.GetValueOrDefault("rate", "100"));
// What visitors write ({0} = message number): Chinese by default; English puts the offline MiniLM model on the path.
var text = options.GetValueOrDefault("text", "压测消息 {0}：退款什么时候到账？");

using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
if (options.TryGetValue("email", out var email))
{
    // Chat is only staffed on the line calendar; open it around the clock so the run does not depend on the hour.
    var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = options["password"] });
    login.EnsureSuccessStatusCode();
    var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    using var admin = new HttpClient { BaseAddress = new Uri(url) };
    admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var policy = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/sla/policy"))!;
    policy["lineCalendar"] = "24x7";
    (await admin.PutAsJsonAsync("/api/v1/sla/policy", policy)).EnsureSuccessStatusCode();
}

if (options.GetValueOrDefault("mode") == "faults")
{
    return await ChatFaults.RunAsync(http, url, connections, seconds, rate);
}

Console.WriteLine($"starting {connections} chats …");
var clock = Stopwatch.StartNew();
var visitors = new HubConnection[connections];
var sentAt = new ConcurrentDictionary<string, (long At, bool Measured)>();
var latencies = new ConcurrentBag<double>();
// --timeline 1: per second of sending (warm-up included), how many were delivered and their p50/max (where a stall starts and how long it lasts).
var timeline = options.GetValueOrDefault("timeline") == "1" ? new ConcurrentBag<(double SentSecond, double Ms)>() : null;
var runStart = 0L;
var measuring = 0;
var errors = 0;
var setup = new SemaphoreSlim(32);
await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
{
    await setup.WaitAsync();
    try
    {
        var start = await http.PostAsJsonAsync("/api/v1/chat/conversations", new { name = $"压测访客{i}" });
        start.EnsureSuccessStatusCode();
        var visitorToken = (await start.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        var connection = new HubConnectionBuilder()
            .WithUrl($"{url}/hubs/chat?visitor={Uri.EscapeDataString(visitorToken)}", o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
            .Build();
        connection.On<JsonObject>("message", m =>
        {
            var id = m["clientMessageId"]?.GetValue<string>();
            if (id is not null && sentAt.TryRemove(id, out var sent))
            {
                var ms = (Stopwatch.GetTimestamp() - sent.At) * 1000.0 / Stopwatch.Frequency;
                if (sent.Measured) latencies.Add(ms);
                timeline?.Add(((sent.At - runStart) / (double)Stopwatch.Frequency, ms));
            }
        });
        await connection.StartAsync();
        visitors[i] = connection;
    }
    finally
    {
        setup.Release();
    }
}));
Console.WriteLine($"{connections} connected in {clock.Elapsed.TotalSeconds:F1} s; sending {rate} messages/s for {warmup} s warm-up + {seconds} s");

var total = warmup + seconds;
var interval = TimeSpan.FromSeconds(1 / rate);
var sent = 0;
var run = Stopwatch.StartNew();
runStart = Stopwatch.GetTimestamp();
var inflight = new List<Task>();
for (long n = 0; run.Elapsed.TotalSeconds < total; n++)
{
    if (Volatile.Read(ref measuring) == 0 && run.Elapsed.TotalSeconds >= warmup) Volatile.Write(ref measuring, 1);
    var due = interval * n;
    var wait = due - run.Elapsed;
    if (wait > TimeSpan.Zero) await Task.Delay(wait);
    var visitor = visitors[n % connections];
    var id = $"m{n}";
    var measured = Volatile.Read(ref measuring) == 1;
    sentAt[id] = (Stopwatch.GetTimestamp(), measured);
    if (measured) Interlocked.Increment(ref sent);
    inflight.Add(visitor.InvokeAsync<JsonObject>("Send", id, string.Format(System.Globalization.CultureInfo.InvariantCulture, text, n)).ContinueWith(t =>
    {
        if (t.IsFaulted) Interlocked.Increment(ref errors);
    }));
    if (inflight.Count > 5000) inflight.RemoveAll(t => t.IsCompleted);
}
await Task.WhenAll(inflight);
await Task.Delay(2000);
var sorted = latencies.Order().ToArray();
double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
Console.WriteLine($"measured {sorted.Length} of {sent} messages ({errors} errors) over {seconds} s with {connections} open connections");
Console.WriteLine($"connections={connections} rate={rate}/s delivered={sorted.Length} p50_ms={P(0.50):F1} p95_ms={P(0.95):F1} p99_ms={P(0.99):F1} max_ms={(sorted.Length > 0 ? sorted[^1] : double.NaN):F1} (target p99 < 100)");
if (timeline is not null)
{
    foreach (var second in timeline.GroupBy(t => (int)t.SentSecond).OrderBy(g => g.Key))
    {
        var ms = second.Select(t => t.Ms).Order().ToArray();
        Console.WriteLine($"  second {second.Key,3}: delivered {ms.Length,4}  p50_ms={ms[ms.Length / 2],8:F1}  max_ms={ms[^1],8:F1}");
    }
}
await Task.WhenAll(visitors.Where(v => v is not null).Select(v => v.DisposeAsync().AsTask()));
return 0;

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2) result[args[i].TrimStart('-')] = args[i + 1];
    return result;
}

internal static class ChatFaults
{
    private sealed class Visitor
    {
        public required HubConnection Connection { get; init; }
        public Guid? ConversationId;
        public int Reconnects;
        public readonly ConcurrentDictionary<string, long> Acknowledged = new();
        public bool ConversationChanged;
    }

    private static async Task<Visitor> ConnectAsync(HttpClient http, string url, int i, TimeSpan[] retry)
    {
        using var start = await http.PostAsJsonAsync("/api/v1/chat/conversations", new { name = $"故障访客{i}" });
        start.EnsureSuccessStatusCode();
        var token = (await start.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        var connection = new HubConnectionBuilder()
            .WithUrl($"{url}/hubs/chat?visitor={Uri.EscapeDataString(token)}", o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
            .WithAutomaticReconnect(retry)
            .Build();
        var visitor = new Visitor { Connection = connection };
        connection.Reconnected += _ => { Interlocked.Increment(ref visitor.Reconnects); return Task.CompletedTask; };
        try
        {
            await connection.StartAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return visitor;
    }

    public static async Task<int> RunAsync(HttpClient http, string url, int count, int seconds, double rate)
    {
        var visitors = new Visitor[count];
        var retry = new[] { 0, 200, 500, 1000, 1000, 2000, 2000, 2000, 5000, 5000 }.Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray();
        var startRetries = 0;
        for (var i = 0; i < count; i++)
        {
            // Visitors still arriving when the node is killed (setup is slow under intake load): as the widget does, a start
            // that fails (a 502 from HAProxy, a refused WebSocket) is tried again after a moment.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    visitors[i] = await ConnectAsync(http, url, i, retry);
                    break;
                }
                catch (Exception ex) when (attempt < 10 && ex is HttpRequestException or System.Net.WebSockets.WebSocketException or IOException or TaskCanceledException)
                {
                    startRetries++;
                    await Task.Delay(retry[attempt]);
                }
            }
        }
        if (startRetries > 0) Console.WriteLine($"{startRetries} visitor starts tried again");
        Console.WriteLine($"{count} visitors connected; sending {rate} messages/s for {seconds} s");
        var sendFailures = 0;
        var run = Stopwatch.StartNew();
        var inflight = new List<Task>();
        for (long n = 0; run.Elapsed.TotalSeconds < seconds; n++)
        {
            var wait = TimeSpan.FromSeconds(n / rate) - run.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var v = visitors[n % count];
            if (v.Connection.State != HubConnectionState.Connected) continue;   // a real widget waits for the reconnect
            var id = $"f{n}";
            inflight.Add(SendAsync(v, id));
        }
        await Task.WhenAll(inflight);

        async Task SendAsync(Visitor v, string id)
        {
            try
            {
                var m = await v.Connection.InvokeAsync<JsonObject>("Send", id, $"故障测试消息 {id}");
                var conversation = Guid.Parse(m["conversationId"]!.GetValue<string>());
                lock (v)
                {
                    if (v.ConversationId is { } known && known != conversation) v.ConversationChanged = true;
                    v.ConversationId ??= conversation;
                }
                v.Acknowledged[id] = m["id"]!.GetValue<long>();
            }
            catch (Exception)
            {
                // Not acknowledged: the widget shows it unsent and the visitor sends it again; not a loss.
                Interlocked.Increment(ref sendFailures);
            }
        }

        // Every visitor (reconnected if it was cut) asks for its conversation: acknowledged messages must all be there.
        var settle = Stopwatch.StartNew();
        while (visitors.Any(v => v.Connection.State == HubConnectionState.Reconnecting) && settle.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(200);
        int lost = 0, acknowledged = 0, notBack = 0, changed = 0, reconnected = 0;
        foreach (var v in visitors)
        {
            acknowledged += v.Acknowledged.Count;
            if (v.Reconnects > 0) reconnected++;
            if (v.ConversationChanged) changed++;
            if (v.Connection.State != HubConnectionState.Connected) { notBack++; lost += v.Acknowledged.Count; continue; }
            var history = await v.Connection.InvokeAsync<JsonArray>("History", 0L);
            var ids = history.Select(m => m!["clientMessageId"]?.GetValue<string>()).ToHashSet();
            if (history.Any(m => v.ConversationId is { } c && Guid.Parse(m!["conversationId"]!.GetValue<string>()) != c)) changed++;
            lost += v.Acknowledged.Keys.Count(k => !ids.Contains(k));
        }
        Console.WriteLine($"chat_faults visitors={count} reconnected={reconnected} not_back={notBack} conversation_changed={changed} "
            + $"acknowledged={acknowledged} lost={lost} unacknowledged_sends={sendFailures}");
        await Task.WhenAll(visitors.Select(v => v.Connection.DisposeAsync().AsTask()));
        return lost == 0 && notBack == 0 && changed == 0 ? 0 : 1;
    }
}
