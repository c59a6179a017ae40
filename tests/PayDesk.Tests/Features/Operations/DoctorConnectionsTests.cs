using PayDesk.Features.Operations;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Operations;

/// <summary>
/// `paydesk doctor` compares PostgreSQL's connection limit with the node's pool: several nodes at Npgsql's default pool
/// (100) exceed a default server (max_connections 100), and a busy node's requests then fail with 503.
/// </summary>
public sealed class DoctorConnectionsTests
{
    [Theory]
    [InlineData(97, 100, false, "Error", "this node alone may open 100")]
    [InlineData(197, 100, true, "Warning", "room for one node at Maximum Pool Size=100")]
    [InlineData(197, 100, false, "Ok", "room for 1 node(s)")]
    [InlineData(397, 100, true, "Ok", "room for 3 node(s)")]
    [InlineData(97, 0, true, "Ok", "unbounded")]
    public void The_limit_is_compared_with_the_pool(int available, int pool, bool severalNodes, string level, string says)
    {
        var finding = Doctor.ConnectionsFinding(available, pool, severalNodes);
        Assert.Equal(level, finding.Level.ToString());
        Assert.Equal("connections", finding.Area);
        Assert.Contains(says, finding.Text);
        Assert.Contains($"PostgreSQL accepts {available} connections", finding.Text);
    }

    [Fact]
    public async Task Doctor_reads_the_limit_from_the_running_server()
    {
        if (PostgresServer.ConnectionString is null) Assert.Skip("Needs PAYDESK_TEST_POSTGRES (scripts/test).");
        await using var factory = new PayDeskFactory(Provider.Postgres);
        _ = factory.Services;
        var findings = await Doctor.CheckAsync(factory.Services, TestContext.Current.CancellationToken);
        var connections = Assert.Single(findings, f => f.Area == "connections");
        // scripts/test starts PostgreSQL with max_connections=200 (3 reserved); the tests' pool is Npgsql's default.
        Assert.Matches(@"PostgreSQL accepts \d+ connections", connections.Text);
        Assert.NotEqual(DoctorLevel.Error, connections.Level);
        Assert.DoesNotContain(findings, f => f.Text.Contains("could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_SQLite_there_is_no_connection_finding()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite);
        _ = factory.Services;
        var findings = await Doctor.CheckAsync(factory.Services, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(findings, f => f.Area == "connections");
    }
}
