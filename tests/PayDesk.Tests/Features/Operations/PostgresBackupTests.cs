using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Operations;

/// <summary>`paydesk backup` / `restore` on PostgreSQL: pg_dump of the configured database, pg_restore into another, opened by a host.</summary>
public sealed class PostgresBackupTests(PostgresHost host) : IClassFixture<PostgresHost>
{
    [Fact]
    public async Task A_pg_dump_backup_restores_into_another_database_that_a_host_opens_with_its_complaints_and_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.Factory.AdminClientAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel = "phone", customer = new { name = "备份客户", phone = TestData.NewPhone() }, subject = "PostgreSQL 备份",
                description = "备份前写入", category = "funds", amount = new { value = 20.00m, currency = "CNY" },
            }, ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<TicketDto>(ct))!.Id);
        }
        var source = host.Factory.Services.GetRequiredService<StorageOptions>().PostgresConnectionString!;
        var data = PublishedPayDesk.Scratch("paydesk-pg-backup-");
        var file = Path.Combine(data, "paydesk.dump");
        var settings = PublishedPayDesk.Settings(data);
        settings["PAYDESK_POSTGRES"] = source;
        var backup = await PublishedPayDesk.VerbAsync(settings, "backup", file);
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        Assert.Contains("pg_dump --format=custom", backup.Output);
        Assert.True(new FileInfo(file).Length > 0);

        var copy = "paydesk_restored_" + Guid.NewGuid().ToString("N")[..10];
        await using (var connection = new NpgsqlConnection(PostgresServer.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {copy}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        try
        {
            var target = new NpgsqlConnectionStringBuilder(source) { Database = copy }.ConnectionString;
            settings["PAYDESK_POSTGRES"] = target;
            var refused = await PublishedPayDesk.VerbAsync(settings, "restore", file);
            Assert.Equal(2, refused.ExitCode);
            var restore = await PublishedPayDesk.VerbAsync(settings, "restore", file, "--force");
            Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);

            await using var reopened = new PayDeskFactory(Provider.Postgres, settings: new Dictionary<string, string?> { ["PAYDESK_POSTGRES"] = target });
            reopened.StartServer();
            var client = await reopened.AdminClientAsync();
            foreach (var id in ids)
            {
                var ticket = await client.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{id}", ct);
                Assert.Equal("PostgreSQL 备份", ticket!.Subject);
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(copy);
        }
    }
}
