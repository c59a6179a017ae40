using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using PayDesk.Features.Channels;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// One host with a scrape token, a monitoring network and a mail relay that does not answer (a closed loopback port).
/// Scrape output is never cached here, so a scrape right after an intake sees it.
/// </summary>
public sealed class ObservabilityHost() : HostFixture(Provider.Sqlite, new Dictionary<string, string?>
{
    ["Metrics:BearerToken"] = ObservabilityTests.Token,
    ["Metrics:AllowedNetworks:0"] = "198.51.100.0/24",
    ["Metrics:ScrapeCacheMilliseconds"] = "0",
    ["Email:Smtp:Host"] = "127.0.0.1",
    ["Email:Smtp:Port"] = ChannelTestKit.FreePort().ToString(CultureInfo.InvariantCulture),
    ["Email:Smtp:TimeoutSeconds"] = "2",
});

public sealed class ObservabilityTests(ObservabilityHost host) : IClassFixture<ObservabilityHost>
{
    public const string Token = "scrape-token-for-tests-0123456789";
    private const string Outsider = "203.0.113.7";

    private PayDeskFactory Factory => host.Factory;

    [Fact]
    public async Task Metrics_output_passes_promtool()
    {
        var promtool = "/usr/bin/promtool";
        if (!File.Exists(promtool))
        {
            if (Environment.GetEnvironmentVariable("PAYDESK_REQUIRE_PROMTOOL") == "1")
            {
                throw new InvalidOperationException("PAYDESK_REQUIRE_PROMTOOL=1 but /usr/bin/promtool is missing (Debian package prometheus).");
            }
            Assert.Skip("promtool is not installed (Debian package prometheus); scripts/test installs it and sets PAYDESK_REQUIRE_PROMTOOL=1.");
        }
        // Something of every kind on the page: a request (HTTP and EF Core metrics), a complaint (PayDesk's counters).
        await CreateComplaintAsync(await Factory.AdminClientAsync(), "web");
        var text = await ScrapeWithAsync(Factory.CreateClient(), "paydesk_complaints_received_total", "http_server_request_duration_seconds_bucket");
        Assert.Contains("paydesk_complaints_received_total", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);

        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // 0 = clean; 3 = lint findings only; 1 = cannot parse. Lint findings count as failures too.
        Assert.True(process.ExitCode == 0, $"promtool check metrics exited {process.ExitCode}:\n{output}");
    }

    [Fact]
    public async Task Intake_moves_complaints_received_for_its_channel()
    {
        var admin = await Factory.AdminClientAsync();
        var scraper = Factory.CreateClient();
        var before = Sample(await ScrapeAsync(scraper), "paydesk_complaints_received_total", "channel", "email");
        await CreateComplaintAsync(admin, "email");
        await CreateComplaintAsync(admin, "email");
        var after = Sample(await ScrapeAsync(scraper), "paydesk_complaints_received_total", "channel", "email");
        // Other test hosts in this process record into the same meter, so "at least" the two made here.
        Assert.True(after - before >= 2, $"complaints received on e-mail went from {before} to {after}");
    }

    [Fact]
    public async Task Metrics_refused_from_outside_without_the_token()
    {
        var client = Factory.CreateClient();
        // Through the balancer (a trusted proxy on loopback): the caller is the forwarded address, not loopback.
        var refused = await GetAsync(client, Outsider, null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("paydesk_", await refused.Content.ReadAsStringAsync());

        var wrong = await GetAsync(client, Outsider, "not-the-token-but-long-enough");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var withToken = await GetAsync(client, Outsider, Token);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        var monitoringNetwork = await GetAsync(client, "198.51.100.20", null);
        Assert.Equal(HttpStatusCode.OK, monitoringNetwork.StatusCode);
    }

    [Fact]
    public async Task A_spoofed_forwarded_address_does_not_unlock_metrics()
    {
        // A client reaching the node directly from outside (not a trusted proxy) claims to be this machine or the monitoring network.
        foreach (var claimed in new[] { "127.0.0.1", "::1", "198.51.100.20", "127.0.0.1, 127.0.0.1" })
        {
            var direct = await Factory.Server.SendAsync(c =>
            {
                c.Connection.RemoteIpAddress = IPAddress.Parse(Outsider);
                c.Request.Method = "GET";
                c.Request.Path = "/metrics";
                c.Request.Headers["X-Forwarded-For"] = claimed;
            }, TestContext.Current.CancellationToken);
            Assert.True(direct.Response.StatusCode == StatusCodes.Status401Unauthorized, $"X-Forwarded-For {claimed} from {Outsider}: {direct.Response.StatusCode}");
        }
        // The same client without a header, and on another casing or a sub-path of the endpoint.
        foreach (var path in new[] { "/metrics", "/METRICS", "/metrics/" })
        {
            var direct = await Factory.Server.SendAsync(c =>
            {
                c.Connection.RemoteIpAddress = IPAddress.Parse(Outsider);
                c.Request.Method = "GET";
                c.Request.Path = path;
            }, TestContext.Current.CancellationToken);
            Assert.NotEqual(StatusCodes.Status200OK, direct.Response.StatusCode);
        }

        // Through the balancer on loopback: the client's own X-Forwarded-For comes first, the balancer appends the real address.
        var client = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, $"127.0.0.1, {Outsider}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, $"198.51.100.20, {Outsider}", null)).StatusCode);
        // Near misses of the token are refused: one character short, one too many, another case, the token twice.
        foreach (var near in new[] { Token[..^1], Token + "x", Token.ToUpperInvariant(), Token + Token })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, Outsider, near)).StatusCode);
        }
        // A wrong token is refused even from an allowed network: a scraper that sends one means to use it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "198.51.100.20", "not-the-token-but-long-enough")).StatusCode);
    }

    [Fact]
    public async Task Ready_reports_a_mail_relay_that_does_not_answer_as_degraded()
    {
        var client = Factory.CreateClient();
        var local = await client.GetAsync("/health/ready");
        // Degraded keeps the node in the balancer (200): notices wait in the outbox, complaints are still taken.
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        var report = await local.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("payment_system").GetProperty("status").GetString());
        var smtp = checks.GetProperty("smtp_relay");
        Assert.Equal("Degraded", smtp.GetProperty("status").GetString());
        Assert.Contains("unreachable", smtp.GetProperty("description").GetString());

        // From outside: the statuses, but not where the relay is or what failed.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Add("X-Forwarded-For", Outsider);
        var outside = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", outside.GetProperty("checks").GetProperty("smtp_relay").GetProperty("status").GetString());
        Assert.False(outside.GetProperty("checks").GetProperty("smtp_relay").TryGetProperty("description", out _));
    }

    [Fact]
    public async Task Redis_check_is_degraded_when_redis_is_down_and_healthy_when_it_answers()
    {
        var down = await CheckAsync(new RedisHealthCheck($"127.0.0.1:{ChannelTestKit.FreePort()}"));
        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.Contains("unreachable", down.Description);

        var redis = Environment.GetEnvironmentVariable("PAYDESK_TEST_REDIS");
        if (string.IsNullOrEmpty(redis))
        {
            if (Environment.GetEnvironmentVariable("PAYDESK_REQUIRE_POSTGRES") == "1") throw new InvalidOperationException("PAYDESK_TEST_REDIS is required.");
            Assert.Skip("The healthy half needs PAYDESK_TEST_REDIS; scripts/test starts Redis.");
        }
        var up = await CheckAsync(new RedisHealthCheck(redis));
        Assert.Equal(HealthStatus.Healthy, up.Status);
    }

    [Fact]
    public async Task Mail_relay_check_is_healthy_when_the_relay_answers()
    {
        await using var relay = new SmtpTestRelay();
        var options = new PayDesk.Features.Notifications.SmtpOptions
        {
            Host = "127.0.0.1", Port = relay.Port, Security = MailKit.Security.SecureSocketOptions.None, TimeoutSeconds = 5,
        };
        var result = await CheckAsync(new PayDesk.Features.Notifications.SmtpRelayHealthCheck(new StaticOptions<PayDesk.Features.Notifications.SmtpOptions>(options)));
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Empty(relay.Messages);
    }

    [Theory]
    [InlineData(404, HealthStatus.Healthy)]
    [InlineData(200, HealthStatus.Healthy)]
    [InlineData(401, HealthStatus.Degraded)]
    [InlineData(403, HealthStatus.Degraded)]
    [InlineData(500, HealthStatus.Degraded)]
    [InlineData(0, HealthStatus.Degraded)]
    public async Task Payment_system_check_reads_the_systems_answer(int status, HealthStatus expected)
    {
        using var listening = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listening.Start();
        var port = status == 0 ? ChannelTestKit.FreePort() : ((IPEndPoint)listening.LocalEndpoint).Port;
        string? requestLine = null;
        var answer = status == 0 ? Task.CompletedTask : Task.Run(async () =>
        {
            using var socket = await listening.AcceptSocketAsync(TestContext.Current.CancellationToken);
            var buffer = new byte[4096];
            var read = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
            requestLine = System.Text.Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        var baseUrl = new Uri($"http://127.0.0.1:{port}/api/");
        var check = new PayDesk.Features.Payments.PaymentSystemHealthCheck(
            Microsoft.Extensions.Options.Options.Create(new PayDesk.Features.Payments.PaymentSystemOptions { Mode = "http", BaseUrl = baseUrl.ToString() }),
            new Clients(baseUrl));
        var result = await CheckAsync(check);
        await answer;
        Assert.True(expected == result.Status, $"{status}: {result.Status} {result.Description}");
        if (status != 0) Assert.Equal("GET /api/accounts/paydesk-health-probe/status HTTP/1.1", requestLine);
    }

    private sealed class Clients(Uri baseAddress) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("check", check, HealthStatus.Degraded, ["ready"]),
        }, TestContext.Current.CancellationToken);

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string forwardedFor, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// <summary>A scrape as Prometheus does it, without an Accept header: the classic text format promtool reads.</summary>
    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// A scrape that holds every one of <paramref name="series"/>: ASP.NET Core records a request's duration after the
    /// response has reached the client, so the page can lag the request by a moment. Waits up to 10 s, then returns the last page.
    /// </summary>
    internal static async Task<string> ScrapeWithAsync(HttpClient client, params string[] series)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var text = await ScrapeAsync(client);
        while (!series.All(text.Contains) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            text = await ScrapeAsync(client);
        }
        return text;
    }

    /// <summary>The sum of a metric's samples whose label has the given value (0 before the first one).</summary>
    private static double Sample(string text, string metric, string label, string value) =>
        text.Split('\n').Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && line.Contains($"{label}=\"{value}\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    private static async Task CreateComplaintAsync(HttpClient admin, string channel)
    {
        var phone = TestData.NewPhone();
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel, customer = new { name = "王五", phone }, subject = "扣款未到账", description = "转账后对方未收到", category = "funds",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private sealed class StaticOptions<T>(T value) : Microsoft.Extensions.Options.IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}

/// <summary>
/// Tokens and personal data stay out of the telemetry: log scopes, trace spans (tracing on: an OTLP endpoint that does
/// not answer) and the metrics page, after requests whose paths carry a confirmation or survey token and a query secret.
/// </summary>
public sealed class ObservabilityPrivacyTests
{
    private const string Secret = "Tk4SecretConfirmationToken7Qz";
    private const string QuerySecret = "13712345678";
    private const string Account = "6222020200112233446";

    [Fact]
    public async Task Paths_with_tokens_reach_logs_traces_and_metrics_only_as_route_templates()
    {
        var logs = new ScopeCapture();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["OpenTelemetry:OtlpEndpoint"] = $"http://127.0.0.1:{ChannelTestKit.FreePort()}",
            ["Metrics:ScrapeCacheMilliseconds"] = "0",
        }, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            // Routing and hosting write inside the request's scope at Information (the shipped level is Warning).
            s.AddLogging(b => b.AddFilter<ScopeCapture>(null, LogLevel.Information));
        });
        var admin = await factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "web", customer = new { name = "赵六", phone }, subject = "重复扣款", description = "同一笔订单扣了两次", category = "funds",
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var complaint = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var complaintId = complaint.GetProperty("id").GetString()!;

        var anonymous = factory.CreateClient();
        foreach (var path in new[]
        {
            $"/confirm/{Secret}", $"/survey/{Secret}", $"/api/v1/confirmations/{Secret}", $"/api/v1/surveys/{Secret}?phone={QuerySecret}",
            $"/no-such-page/{Secret}", $"/api/v1/tickets/{complaintId}?phone={QuerySecret}",
        })
        {
            await anonymous.GetAsync(path, TestContext.Current.CancellationToken);
        }
        await admin.GetAsync($"/api/v1/tickets/{complaintId}?q={QuerySecret}", TestContext.Current.CancellationToken);
        // Outgoing calls as the payment adapter makes them: one answered (404), one to a closed port.
        using (var listening = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listening.Start();
            var port = ((IPEndPoint)listening.LocalEndpoint).Port;
            var answer = Task.Run(async () =>
            {
                using var socket = await listening.AcceptSocketAsync(TestContext.Current.CancellationToken);
                var buffer = new byte[4096];
                await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
                await socket.SendAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
            }, TestContext.Current.CancellationToken);
            using var outgoing = new HttpClient();
            var answered = await outgoing.GetAsync($"http://127.0.0.1:{port}/v1/accounts/{Account}/status?key={QuerySecret}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, answered.StatusCode);
            await answer;
            await Assert.ThrowsAsync<HttpRequestException>(() => outgoing.GetAsync(
                $"http://127.0.0.1:{ChannelTestKit.FreePort()}/v1/transactions/{Account}?key={QuerySecret}", TestContext.Current.CancellationToken));
        }
        var metrics = await ObservabilityTests.ScrapeWithAsync(anonymous, "http_route=\"/api/v1/tickets/{id}\"");

        string[] needles = [Secret, QuerySecret, Account, phone, "赵六", complaintId];
        // Logs: every scope of every line, as its key/value pairs and as its text (both are written by the JSON console).
        var scopes = logs.Scopes.ToArray();
        Assert.Contains(scopes, s => s.Contains("RequestPath=/confirm/{Token}", StringComparison.Ordinal));
        Assert.Contains(scopes, s => s.Contains("RequestPath=/api/v1/confirmations/{token}", StringComparison.Ordinal));
        Assert.Contains(scopes, s => s.Contains("RequestPath=/no-such-page/…", StringComparison.Ordinal));
        Assert.Contains(scopes, s => s.Contains("TraceId=", StringComparison.Ordinal));
        foreach (var needle in needles)
        {
            Assert.DoesNotContain(scopes, s => s.Contains(needle, StringComparison.Ordinal));
        }

        // Traces: this host's server spans (other hosts in the process trace too) name the route template, no query.
        var server = spans.Where(a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn").ToArray();
        Assert.Contains(server, a => a.GetTagItem("url.path") as string == "/confirm/{Token}");
        Assert.Contains(server, a => a.GetTagItem("url.path") as string == "/api/v1/tickets/{id}");
        var client = spans.Where(a => a.OperationName == "System.Net.Http.HttpRequestOut").Select(a => a.GetTagItem("url.full") as string).ToArray();
        Assert.Contains(client, u => u is not null && u.EndsWith("/v1/accounts/{redacted}/status", StringComparison.Ordinal));
        Assert.Contains(client, u => u is not null && u.EndsWith("/v1/transactions/{redacted}", StringComparison.Ordinal));
        foreach (var span in spans)
        {
            var text = span.DisplayName + " " + string.Join(' ', span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            foreach (var needle in needles) Assert.DoesNotContain(needle, text);
        }

        // Metrics: routes as templates, no identifiers anywhere on the page.
        Assert.Contains("http_route=\"/api/v1/tickets/{id}\"", metrics);
        foreach (var needle in needles) Assert.DoesNotContain(needle, metrics);
    }

    [Fact]
    public void Outgoing_calls_keep_host_and_words_but_not_identifiers_or_queries()
    {
        Assert.Equal("https://pay.example:8443/v1/accounts/{redacted}/status",
            PayDesk.Infrastructure.Observability.TelemetryRedaction.Url(new Uri("https://pay.example:8443/v1/accounts/6222020200112233446/status?key=abc")));
        Assert.Equal("https://api.weixin.qq.com/cgi-bin/message/custom/send",
            PayDesk.Infrastructure.Observability.TelemetryRedaction.Url(new Uri("https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=SECRET")));
        Assert.Equal("/confirm/…", PayDesk.Infrastructure.Observability.TelemetryRedaction.FirstSegment("/confirm/abcdef"));
        Assert.Equal("/health", PayDesk.Infrastructure.Observability.TelemetryRedaction.FirstSegment("/health"));
    }

    /// <summary>A log provider that reads scopes as the JSON console does: each scope's pairs and its text.</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public ConcurrentQueue<string> Scopes { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner._scopes?.ForEachScope((scope, queue) =>
                {
                    var pairs = scope is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(' ', kv.Select(p => $"{p.Key}={p.Value}")) : "";
                    queue.Enqueue(pairs + " | " + scope);
                }, owner.Scopes);
            }
        }
    }
}
