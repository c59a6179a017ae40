// HTTP load driver for PayDesk's ticket intake. Closed loop: N workers each send one request,
// wait for the answer, send the next, for a fixed time. Loopback only, bounded in time.
//   dotnet run -c Release --project bench/PayDesk.LoadDriver -- --target paydesk --url http://127.0.0.1:5180 --email … --password …
//   dotnet run -c Release --project bench/PayDesk.LoadDriver -- --target bare --url http://127.0.0.1:5181
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

var options = Args.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --target paydesk|bare --url URL [--concurrency 32] [--seconds 10] [--warmup 2] [--email E --password P]");
    return 2;
}
var uri = new Uri(options.Url);
if (!IPAddress.TryParse(uri.Host, out var ip) ? uri.Host != "localhost" : !IPAddress.IsLoopback(ip))
{
    Console.Error.WriteLine("refusing: the load driver only targets loopback addresses");
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
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
            transactionId = $"T20261125{n:D8}",
        }
        : new { subject, description = $"{subject}：订单 {n} 金额 199.00 元，请尽快处理。" };
}
var path = options.Target == "paydesk" ? "/api/v1/tickets" : "/insert";

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
            try
            {
                using var response = await http.PostAsJsonAsync(path, NextBody());
                if (response.StatusCode != HttpStatusCode.Created) errors++;
            }
            catch (HttpRequestException)
            {
                errors++;
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
return failures > 0 ? 1 : 0;

internal sealed record Args(string Target, string Url, int Concurrency, int Seconds, int Warmup, string? Email, string? Password)
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
            map.GetValueOrDefault("email"), map.GetValueOrDefault("password"));
        return parsed.Target == "paydesk" && (parsed.Email is null || parsed.Password is null) ? null : parsed;
    }
}
