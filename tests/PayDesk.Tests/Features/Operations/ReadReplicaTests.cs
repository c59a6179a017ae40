using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Features.Analytics;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Operations;

/// <summary>
/// Reports and exports off the primary (issue 21, item 4): a real streaming replica (scripts/pg-replica-test-server) is
/// what the reports read while it is a standby and close behind; when it is down or not a standby they read the primary
/// and the health check says Degraded.
/// </summary>
public sealed class ReadReplicaTests
{
    private static string? Primary => Environment.GetEnvironmentVariable("PAYDESK_TEST_REPLICATION_PRIMARY") is { Length: > 0 } p ? p : null;

    private static string? Replica => Environment.GetEnvironmentVariable("PAYDESK_TEST_REPLICATION_REPLICA") is { Length: > 0 } r ? r : null;

    private static void RequireOrSkip()
    {
        if (Primary is not null && Replica is not null) return;
        if (Environment.GetEnvironmentVariable("PAYDESK_REQUIRE_REPLICATION") == "1")
        {
            throw new InvalidOperationException("PAYDESK_REQUIRE_REPLICATION=1 but PAYDESK_TEST_REPLICATION_PRIMARY/REPLICA are not set.");
        }
        Assert.Skip("Replica tests need PAYDESK_TEST_REPLICATION_PRIMARY and _REPLICA; scripts/test starts the pair (by hand: scripts/pg-replica-test-server).");
    }

    private static async Task<int> ComplaintsReportedAsync(HttpClient client)
    {
        var summary = await client.GetFromJsonAsync<ReportApiTests.SummaryDto>("/api/v1/reports/summary");
        return summary!.Complaints;
    }

    private static async Task<int> ComplaintsExportedAsync(HttpClient client)
    {
        var csv = await client.GetStringAsync("/api/v1/reports/volume?by=channel&format=csv");
        // Header, then one row per channel: key,count,share.
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(line => int.Parse(line.Split(',')[1]));
    }

    private static async Task NewComplaintAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "张三", phone = TestData.NewPhone() }, subject = "重复扣款",
            description = "同一笔订单被扣款两次", category = "funds", amount = new { value = 199.00m, currency = "CNY" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.UntilAsync(condition, what, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));

    private static async Task<JsonElement> ReplicaHealthAsync(HttpClient client)
    {
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        return (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("read_replica");
    }

    private static async Task OnReplicaAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Replica);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Reports_and_their_exports_read_the_streaming_replica_and_see_what_it_has_replayed()
    {
        RequireOrSkip();
        var database = "paydesk_replica_" + Guid.NewGuid().ToString("N")[..12];
        await using var factory = new PayDeskFactory(Provider.Postgres, freshDatabase: true, settings: new Dictionary<string, string?>
        {
            ["PAYDESK_POSTGRES"] = new NpgsqlConnectionStringBuilder(Primary) { Database = database }.ConnectionString,
            ["PAYDESK_POSTGRES_REPLICA"] = new NpgsqlConnectionStringBuilder(Replica) { Database = database }.ConnectionString,
            ["Storage:ReplicaCheckSeconds"] = "0.2",
        });
        var admin = await factory.AdminClientAsync();
        for (var i = 0; i < 3; i++) await NewComplaintAsync(admin);
        var monitor = factory.Services.GetRequiredService<ReplicaMonitor>();
        await UntilAsync(async () => (await monitor.CheckAsync(default)).InUse, "the replica is in use");
        await UntilAsync(async () => await ComplaintsReportedAsync(admin) == 3, "the replica has replayed the first three complaints");
        Assert.Equal("Healthy", (await ReplicaHealthAsync(admin)).GetProperty("status").GetString());
        var doctor = await PayDesk.Features.Operations.Doctor.CheckAsync(factory.Services, TestContext.Current.CancellationToken);
        Assert.Contains(doctor, f => f.Area == "replica" && f.Level == PayDesk.Features.Operations.DoctorLevel.Ok);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(scope.ServiceProvider.GetRequiredService<ReportingDatabase>().OnReplica);
            // The replica refuses writes instead of letting a report's mistake reach a standby (which would refuse too, later).
            Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<PostgresReplicaDbContext>().SaveChanges());
        }

        // Replay paused: the primary takes two more complaints, the reports still count what the replica has.
        await OnReplicaAsync("SELECT pg_wal_replay_pause()");
        try
        {
            await NewComplaintAsync(admin);
            await NewComplaintAsync(admin);
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var primary = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                Assert.Equal(5, primary.Tickets.Count());
            }
            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.Equal(3, await ComplaintsReportedAsync(admin));
            Assert.Equal(3, await ComplaintsExportedAsync(admin));
        }
        finally
        {
            await OnReplicaAsync("SELECT pg_wal_replay_resume()");
        }
        await UntilAsync(async () => await ComplaintsReportedAsync(admin) == 5, "the replica has replayed all five complaints");
        Assert.Equal(5, await ComplaintsExportedAsync(admin));
    }

    [Theory]
    [InlineData("down")]
    [InlineData("not a standby")]
    public async Task A_replica_that_is_down_or_not_a_standby_sends_the_reports_to_the_primary_and_the_node_says_degraded(string replica)
    {
        if (PostgresServer.ConnectionString is null) Assert.Skip("Needs PAYDESK_TEST_POSTGRES (scripts/test).");
        // A port nothing listens on, or a server that is a primary (pg_is_in_recovery() is false there).
        var replicaConnection = replica == "down"
            ? new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Port = ClosedPort(), Timeout = 2 }.ConnectionString
            : PostgresServer.ConnectionString;
        await using var factory = new PayDeskFactory(Provider.Postgres, settings: new Dictionary<string, string?>
        {
            ["PAYDESK_POSTGRES_REPLICA"] = replicaConnection,
            ["Storage:ReplicaCheckSeconds"] = "0.2",
        });
        var admin = await factory.AdminClientAsync();
        await NewComplaintAsync(admin);
        // /health/ready reports the monitor's last check (every 0.2 s here), never waiting for the replica itself.
        var expected = replica == "down" ? "cannot be reached" : "not a standby";
        JsonElement health = default;
        await UntilAsync(async () => (health = await ReplicaHealthAsync(admin)).GetProperty("description").GetString()!.Contains(expected), "the check has run");
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        // The doctor checks afresh and calls it an error: a configured replica that cannot be used is a setting to fix.
        var findings = await PayDesk.Features.Operations.Doctor.CheckAsync(factory.Services, TestContext.Current.CancellationToken);
        Assert.Contains(findings, f => f.Area == "replica" && f.Level == PayDesk.Features.Operations.DoctorLevel.Error && f.Text.Contains(expected));
        Assert.Equal(1, await ComplaintsReportedAsync(admin));
        Assert.Equal(1, await ComplaintsExportedAsync(admin));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static readonly DateTime Now = new(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(true, 100UL, 100UL, 1.0, 7L, 7L, true, "Reports read the replica")]
    [InlineData(true, 90UL, 100UL, 1.0, 7L, 7L, true, "Reports read the replica")]
    [InlineData(false, 100UL, 100UL, 1.0, 7L, 7L, false, "not a standby")]
    [InlineData(true, 100UL, 100UL, 1.0, 7L, 8L, false, "another PostgreSQL cluster")]
    [InlineData(true, 200UL, 100UL, 1.0, 7L, 7L, false, "ahead of the primary")]
    [InlineData(true, 100UL, 100UL + 65UL * 1024 * 1024, 1.0, 7L, 7L, false, "behind (limit 64.0 MB)")]
    [InlineData(true, 90UL, 100UL, 900.0, 7L, 7L, false, "more to replay (limit 300 s)")]
    [InlineData(true, 100UL, 100UL, 900.0, 7L, 7L, true, "Reports read the replica")] // an idle primary: nothing to replay, not stale
    [InlineData(true, 100UL, 100UL, 1.0, null, 7L, true, "Reports read the replica")] // identity unreadable: not compared
    public void A_replica_is_fit_for_reports_only_as_a_close_standby_of_this_primary(bool inRecovery, ulong replayed, ulong current, double age,
        long? replicaId, long? primaryId, bool fit, string says)
    {
        var state = ReplicaMonitor.Judge(new ReplicaMonitor.Position(inRecovery, replayed, age, replicaId), new ReplicaMonitor.Position(false, current, null, primaryId),
            Now, 64L * 1024 * 1024, 300);
        Assert.Equal(fit, state.InUse);
        Assert.Contains(says, state.Description);
    }

    [Theory]
    [InlineData("0/3000000", 0x3000000UL)]
    [InlineData("16/B374D848", (0x16UL << 32) | 0xB374D848UL)]
    public void A_wal_position_reads_as_postgresql_writes_it(string text, ulong expected) => Assert.Equal(expected, ReplicaMonitor.Lsn(text));
}
