using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Customers;

/// <summary>Personal data: encrypted at rest, masked in responses and in the audit log, revealed only with a reason.</summary>
public abstract class CustomerApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private const string IdNumber = "11010519491231002X";
    private const string Card = "6222020200112233446";

    private async Task<List<string>> RawCustomerRowAsync(Guid id)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM customers c LEFT JOIN bank_cards b ON b.\"CustomerId\" = c.\"Id\"";
        var values = new List<string>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++) values.Add(Convert.ToString(reader.GetValue(i)) ?? "");
        }
        return values;
    }

    [Fact]
    public async Task Numbers_typed_into_a_name_a_region_or_a_merge_reason_are_masked_like_any_typed_text()
    {
        var admin = await Factory.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/customers", new { name = $"测试 {Card}", phone = TestData.NewPhone(), region = IdNumber });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var customer = (await created.Content.ReadFromJsonAsync<CustomerDto>())!;
        var row = string.Join("|", await RawCustomerRowAsync(customer.Id));
        Assert.DoesNotContain(Card, row);
        Assert.DoesNotContain(IdNumber, row);
        Assert.DoesNotContain(Card, await (await admin.GetAsync($"/api/v1/customers/{customer.Id}")).Content.ReadAsStringAsync());
        var renamed = await admin.PatchAsJsonAsync($"/api/v1/customers/{customer.Id}", new { name = $"改名 {Card}", region = $"北京 {IdNumber}" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await renamed.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Card, body);
        Assert.DoesNotContain(IdNumber, body);

        // A merge reason becomes the closed complaint's summary, which its customer reads.
        async Task<TicketDto> FileAsync() => (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customerId = customer.Id, subject = "重复扣款", description = "同一笔扣了两次",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        var (first, second) = (await FileAsync(), await FileAsync());
        var merged = await admin.PostAsJsonAsync($"/api/v1/tickets/{second.Id}/merge", new { into = first.Number, reason = $"同一张卡 {Card} 证件 {IdNumber}" });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var text = await merged.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Card, text);
        Assert.DoesNotContain(IdNumber, text);
    }

    [Fact]
    public async Task Phone_id_and_card_numbers_are_encrypted_at_rest_and_masked_in_responses()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var created = await admin.PostAsJsonAsync("/api/v1/customers", new { name = "王五", phone, idNumber = IdNumber });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var customer = (await created.Content.ReadFromJsonAsync<CustomerDto>())!;
        var card = await admin.PostAsJsonAsync($"/api/v1/customers/{customer.Id}/cards", new { number = "6222 0202 0011 2233 446", bankName = "中国工商银行" });
        Assert.Equal(HttpStatusCode.Created, card.StatusCode);

        var read = (await admin.GetFromJsonAsync<CustomerDto>($"/api/v1/customers/{customer.Id}"))!;
        Assert.Equal(phone[..3] + "****" + phone[^4..], read.Phone);
        Assert.Equal("110***********002X", read.IdNumber);
        Assert.Equal("**** **** **** 3446", Assert.Single(read.Cards).Number);

        var raw = string.Join("|", await RawCustomerRowAsync(customer.Id));
        Assert.DoesNotContain(phone, raw);
        Assert.DoesNotContain(IdNumber, raw);
        Assert.DoesNotContain(Card, raw);
    }

    [Fact]
    public async Task Customers_are_found_by_exact_phone_through_the_keyed_hash()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var customer = (await (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "赵六", phone })).Content.ReadFromJsonAsync<CustomerDto>())!;

        var found = (await admin.GetFromJsonAsync<PageDto<CustomerDto>>($"/api/v1/customers?q={phone}"))!;
        Assert.Equal(customer.Id, Assert.Single(found.Items).Id);
        var again = await admin.PostAsJsonAsync("/api/v1/customers", new { name = "赵六", phone });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("phone", "12345")]
    [InlineData("idNumber", "110105194912310021")]
    [InlineData("email", "not-an-address")]
    public async Task Malformed_personal_numbers_are_refused(string field, string value)
    {
        var admin = await Factory.AdminClientAsync();
        var body = new Dictionary<string, string> { ["name"] = "钱七", [field] = value };
        var response = await admin.PostAsJsonAsync("/api/v1/customers", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
    }

    [Fact]
    public async Task Changes_are_audited_without_the_personal_numbers()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var newPhone = TestData.NewPhone();
        var customer = (await (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "孙八", phone, idNumber = IdNumber })).Content.ReadFromJsonAsync<CustomerDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/customers/{customer.Id}", new { name = "孙八妹", phone = newPhone })).StatusCode);

        var audit = (await admin.GetFromJsonAsync<PageDto<AuditDto>>($"/api/v1/audit?entityType=Customer&entityId={customer.Id}"))!;
        Assert.Equal(["updated", "created"], audit.Items.Select(a => a.Action));
        Assert.All(audit.Items, a => Assert.Equal("管理员", a.ActorName));
        var update = audit.Items[0].Changes;
        Assert.Contains("孙八妹", update);
        Assert.Contains(newPhone[^4..], update);
        var all = string.Join("|", audit.Items.Select(a => a.Changes));
        Assert.DoesNotContain(phone, all);
        Assert.DoesNotContain(newPhone, all);
        Assert.DoesNotContain(IdNumber, all);
        Assert.DoesNotContain("Cipher", all, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Revealing_a_number_needs_a_reason_and_leaves_an_audit_entry()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var customer = (await (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "周九", phone })).Content.ReadFromJsonAsync<CustomerDto>())!;

        var noReason = await admin.PostAsJsonAsync($"/api/v1/customers/{customer.Id}/reveal", new { field = "phone" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var revealed = await admin.PostAsJsonAsync($"/api/v1/customers/{customer.Id}/reveal", new { field = "phone", reason = "客户要求回电" });
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Contains(phone, await revealed.Content.ReadAsStringAsync());

        var audit = (await admin.GetFromJsonAsync<PageDto<AuditDto>>($"/api/v1/audit?entityType=Customer&entityId={customer.Id}"))!;
        var entry = audit.Items.First();
        Assert.Equal("revealed", entry.Action);
        Assert.Contains("客户要求回电", entry.Changes);
        Assert.DoesNotContain(phone, entry.Changes);
    }

    public sealed record AuditDto(long Id, DateTime At, Guid? ActorId, string ActorName, string EntityType, Guid EntityId, string Action, string Changes);
}

public sealed class CustomerApiSqliteTests(SqliteHost host) : CustomerApiTests(host), IClassFixture<SqliteHost>;

public sealed class CustomerApiPostgresTests(PostgresHost host) : CustomerApiTests(host), IClassFixture<PostgresHost>;
