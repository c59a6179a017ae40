// HTTP load driver for PayDesk's ticket intake. Closed loop: N workers each send one request,
// wait for the answer, send the next, for a fixed time. Loopback only, bounded in time.
//   dotnet run -c Release --project bench/PayDesk.LoadDriver -- --target paydesk --url http://127.0.0.1:5180 --email … --password …
//   dotnet run -c Release --project bench/PayDesk.LoadDriver -- --target bare --url http://127.0.0.1:5181
// With --acks FILE (cluster faults, bench/cluster.sh) every complaint carries an Idempotency-Key and is retried with it
// until a 201 (connection errors, 5xx, 429), as a client that must not lose a complaint would; each acknowledged complaint
// is written to FILE as "key ticketId transactionId replayed", and first attempts that failed are counted.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

var options = Args.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --target paydesk|bare --url URL [--concurrency 32] [--seconds 10] [--warmup 2] [--email E --password P] [--acks FILE]");
    return 2;
}
var uri = new Uri(options.Url);
if (!IPAddress.TryParse(uri.Host, out var ip) ? uri.Host != "localhost" : !IPAddress.IsLoopback(ip))
{
    Console.Error.WriteLine("refusing: the load driver only targets loopback addresses");
    return 2;
}

// No cookies: an API client should not be pinned to one node by the balancer's cookie.
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false })
{
    BaseAddress = uri,
    Timeout = TimeSpan.FromSeconds(30),
};
if (options.Target == "paydesk")
{
    var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = options.Email, password = options.Password });
    if (!login.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"login failed: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        return 1;
    }
    var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}

// Intake as it arrives: most complaints come from customers PayDesk already knows.
var knownPhones = Enumerable.Range(0, 500).Select(i => $"139{i:D8}").ToArray();
var subjects = new[] { "重复扣款", "转账未到账", "支付失败但钱被扣了", "退款迟迟未到账", "账户被冻结无法使用" };
var sequence = 0L;
// Transaction ids unique to this run, so runs against one database can be told apart (and duplicates counted).
var runTag = Random.Shared.Next(100_000, 1_000_000);
object NextBody()
{
    var n = Interlocked.Increment(ref sequence);
    var rnd = Random.Shared;
    var phone = rnd.NextDouble() < 0.7 ? knownPhones[rnd.Next(knownPhones.Length)] : $"137{rnd.Next(0, 100_000_000):D8}";
    var subject = subjects[n % subjects.Length];
    return options.Target == "paydesk"
        ? new
        {
            channel = "app",
            customer = new { name = "压测客户", phone },
            subject,
            description = $"{subject}：订单 {n} 金额 199.00 元，请尽快处理。",
            category = "funds",
            amount = new { value = 199.00m, currency = "CNY" },
            transactionId = $"T{runTag}{n:D8}",
        }
        : new { subject, description = $"{subject}：订单 {n} 金额 199.00 元，请尽快处理。" };
}
var path = options.Target == "paydesk" ? "/api/v1/tickets" : "/insert";

var acks = options.Acks is null ? null : new System.Collections.Concurrent.ConcurrentQueue<string>();
var firstAttemptFailures = 0;
var retried = 0;
var replayed = 0;
var gaveUp = 0;
var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

// One complaint, retried with the same Idempotency-Key until it is acknowledged (or 60 s pass).
async Task<bool> SendIdempotentAsync()
{
    var key = Guid.NewGuid().ToString("N");
    var body = NextBody();
    var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
    for (var attempt = 1; ; attempt++)
    {
        string outcome;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request);
            outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var ticket = await response.Content.ReadFromJsonAsync<JsonElement>();
                var again = response.Headers.Contains("Idempotent-Replayed");
                if (again) Interlocked.Increment(ref replayed);
                acks!.Enqueue($"{key} {ticket.GetProperty("id").GetString()} {ticket.GetProperty("transactionId").GetString()} {(again ? 1 : 0)}");
                return true;
            }
            if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429) { statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1); return false; }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            outcome = "connection";
        }
        statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        if (attempt == 1) Interlocked.Increment(ref firstAttemptFailures);
        if (attempt == 2) Interlocked.Increment(ref retried);
        if (Stopwatch.GetTimestamp() > deadline) { Interlocked.Increment(ref gaveUp); return false; }
        await Task.Delay(Math.Min(1000, 50 * attempt));
    }
}

async Task<(List<double> Latencies, int Errors)> RunAsync(TimeSpan duration)
{
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
    {
        var latencies = new List<double>(4096);
        var errors = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            if (acks is not null)
            {
                if (!await SendIdempotentAsync()) errors++;
            }
            else
            {
                try
                {
                    using var response = await http.PostAsJsonAsync(path, NextBody());
                    if (response.StatusCode != HttpStatusCode.Created) errors++;
                }
                catch (HttpRequestException)
                {
                    errors++;
                }
            }
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return (latencies, errors);
    }).ToArray();
    var results = await Task.WhenAll(workers);
    return (results.SelectMany(r => r.latencies).ToList(), results.Sum(r => r.errors));
}

Console.Error.WriteLine($"[{options.Target}] warming up {options.Warmup}s …");
await RunAsync(TimeSpan.FromSeconds(options.Warmup));
Console.Error.WriteLine($"[{options.Target}] measuring {options.Seconds}s with {options.Concurrency} concurrent clients …");
var clock = Stopwatch.StartNew();
var (all, failures) = await RunAsync(TimeSpan.FromSeconds(options.Seconds));
var elapsed = clock.Elapsed.TotalSeconds;
all.Sort();
double Percentile(double p) => all.Count == 0 ? 0 : all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)];
var rps = (all.Count - failures) / elapsed;
Console.WriteLine($"target={options.Target} requests={all.Count} errors={failures} rps={rps:F0} p50_ms={Percentile(0.50):F2} p99_ms={Percentile(0.99):F2}");
if (acks is not null)
{
    await File.WriteAllLinesAsync(options.Acks!, acks);
    Console.WriteLine($"acknowledged={acks.Count} first_attempt_failures={firstAttemptFailures} retried={retried} replayed={replayed} gave_up={gaveUp} "
        + $"failed_attempts_by_status={string.Join(',', statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"))}");
}
return failures > 0 ? 1 : 0;

internal sealed record Args(string Target, string Url, int Concurrency, int Seconds, int Warmup, string? Email, string? Password, string? Acks = null)
{
    public static Args? Parse(string[] args)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return null;
            map[args[i][2..]] = args[i + 1];
        }
        if (!map.TryGetValue("target", out var target) || target is not ("paydesk" or "bare") || !map.TryGetValue("url", out var url)) return null;
        int Int(string key, int fallback) => map.TryGetValue(key, out var v) && int.TryParse(v, out var n) && n > 0 ? n : fallback;
        var parsed = new Args(target, url, Int("concurrency", 32), Math.Min(Int("seconds", 10), 120), Math.Min(Int("warmup", 2), 30),
            map.GetValueOrDefault("email"), map.GetValueOrDefault("password"), map.GetValueOrDefault("acks"));
        return parsed.Target == "paydesk" && (parsed.Email is null || parsed.Password is null) ? null : parsed;
    }
}
