using System.Net;
using System.Net.Http.Json;
using Npgsql;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>Two instances on one PostgreSQL database, each with its own data folder, act as one service.</summary>
public sealed class SharedInstancesTests
{
    [Fact]
    public async Task Tokens_encrypted_numbers_and_phone_look_ups_work_across_instances()
    {
        if (PostgresServer.ConnectionString is null)
        {
            if (Environment.GetEnvironmentVariable("PAYDESK_REQUIRE_POSTGRES") == "1") throw new InvalidOperationException("PAYDESK_TEST_POSTGRES is not set.");
            Assert.Skip("PostgreSQL tests need PAYDESK_TEST_POSTGRES; scripts/test starts a server and sets it.");
        }
        var database = "paydesk_shared_" + Guid.NewGuid().ToString("N")[..10];
        var shared = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var first = new PayDeskFactory(Provider.Postgres, settings: new Dictionary<string, string?> { ["PAYDESK_POSTGRES"] = shared });
            await using var second = new PayDeskFactory(Provider.Postgres, settings: new Dictionary<string, string?> { ["PAYDESK_POSTGRES"] = shared });
            var phone = TestData.NewPhone();

            var one = await first.AdminClientAsync();
            var created = await one.PostAsJsonAsync("/api/v1/customers", new { name = "共享客户", phone, idNumber = "11010519491231002X" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var customer = (await created.Content.ReadFromJsonAsync<CustomerDto>())!;

            // The second instance accepts the first one's bearer token …
            var two = second.CreateClient();
            two.DefaultRequestHeaders.Authorization = one.DefaultRequestHeaders.Authorization;
            Assert.Equal(HttpStatusCode.OK, (await two.GetAsync("/api/v1/auth/me")).StatusCode);
            // … finds the customer by phone (same look-up key) …
            Assert.Equal(customer.Id, Assert.Single((await two.GetFromJsonAsync<PageDto<CustomerDto>>($"/api/v1/customers?q={phone}"))!.Items).Id);
            // … and decrypts what the first encrypted.
            var revealed = await two.PostAsJsonAsync($"/api/v1/customers/{customer.Id}/reveal", new { field = "phone", reason = "跨实例核对" });
            Assert.Contains(phone, await revealed.Content.ReadAsStringAsync());
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }
}
