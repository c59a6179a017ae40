using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PayDesk.Tests.Infrastructure;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Identity;

/// <summary>A directory that is down, silent or misconfigured: no OpenLDAP needed, so these always run.</summary>
// Bounds on elapsed time: scripts/test runs the "Timing" category alone, after the suites that run side by side.
[Trait("Category", "Timing")]
public sealed class DirectoryOutageTests
{
    private const string Secret = "Sekret-Passw0rd-That-Must-Not-Be-Logged";

    [Fact]
    public async Task Directory_that_refuses_connections_gives_a_503_problem_and_logs_no_password()
    {
        var port = ClosedPort();
        var logs = new CapturedLogs();
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: LdapTestServer.SettingsFor("127.0.0.1", port),
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "alice", password = Secret });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.Equal(503, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));

        Assert.Contains(logs.Lines, m => m.Contains("unavailable", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logs.Lines, m => m.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, m => m.Contains("alice", StringComparison.OrdinalIgnoreCase));

        // Local accounts are not held hostage by the directory.
        var admin = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { email = PayDeskFactory.AdminEmail, password = PayDeskFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Directory_that_accepts_but_never_answers_gives_a_503_after_the_timeout_not_a_hang()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true) held.Add(await silent.AcceptTcpClientAsync());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // listener stopped
            }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: LdapTestServer.SettingsFor("127.0.0.1", port, timeoutSeconds: 1));
        var client = factory.CreateClient();

        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "alice", password = Secret });
        watch.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"sign-in took {watch.Elapsed.TotalSeconds:F1} s");
        silent.Stop();
        foreach (var c in held) c.Dispose();
        await accepting;
    }

    [Theory]
    [InlineData("Ldap:GroupRoleMap:0:Group", null, "GroupRoleMap is empty")]
    [InlineData("Ldap:GroupRoleMap:0:Role", "customer", "not a staff role")]
    [InlineData("Ldap:Host", "ldap.example.com", "UseSsl or Ldap:StartTls")]
    [InlineData("Ldap:UserFilter", "(uid=alice)", "{0}")]
    public void Enabled_directory_with_a_bad_setting_stops_the_server_at_start_up(string key, string? value, string message)
    {
        var settings = LdapTestServer.SettingsFor("127.0.0.1", 389);
        if (value is null)
        {
            foreach (var k in settings.Keys.Where(k => k.StartsWith("Ldap:GroupRoleMap", StringComparison.Ordinal)).ToList()) settings.Remove(k);
        }
        else
        {
            settings[key] = value;
        }
        using var factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
        var error = Assert.ThrowsAny<Exception>(() => factory.StartServer());
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

}
