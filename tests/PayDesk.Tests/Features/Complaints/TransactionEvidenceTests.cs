using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>
/// Issue 18, item 3: every transaction look-up done for a complaint is kept on it as evidence — who, when, the query
/// and the masked answer — and staff can list them.
/// </summary>
public abstract class TransactionEvidenceTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private sealed record Setup(Guid Ticket, string Serial, string Account, string Card);

    /// <summary>A verified complaint whose customer's account has two identical debits a minute apart and a transfer.</summary>
    private async Task<Setup> VerifiedComplaintAsync(HttpClient agent)
    {
        var phone = TestData.NewPhone();
        var account = "62" + phone[3..] + "0000";
        var serial = "T2026113" + phone[^8..];
        const string card = "6222021234567894"; // sent unmasked on purpose: the snapshot must mask it
        var at = DateTime.UtcNow.AddHours(-5);
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app",
            customer = new { name = "钱查询", phone, accountId = account },
            subject = "重复扣款", description = "同一笔订单被扣款两次", category = "funds",
            occurredAt = new DateTimeOffset(at), amount = new { value = 88.80m, currency = "CNY" }, transactionId = serial,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.LedgerAccounts.Add(new LedgerAccount { AccountId = account });
        db.LedgerTransactions.AddRange(
            new LedgerTransaction { Serial = serial, AccountId = account, Merchant = "美团外卖", Amount = 88.80m, Currency = "CNY", Status = PaymentStatus.Succeeded, OccurredAt = at, CardMasked = card },
            new LedgerTransaction { Serial = serial + "B", AccountId = account, Merchant = "美团外卖", Amount = 88.80m, Currency = "CNY", Status = PaymentStatus.Succeeded, OccurredAt = at.AddMinutes(1), CardMasked = card },
            new LedgerTransaction { Serial = serial + "C", AccountId = account, Merchant = "转账给 13912345678", Amount = 20.00m, Currency = "CNY", Status = PaymentStatus.Succeeded, OccurredAt = at.AddHours(1) });
        // 核实身份 as the agent's code check leaves it.
        var row = await db.Tickets.SingleAsync(t => t.Id == ticket.Id);
        row.VerifiedAt = DateTime.UtcNow;
        row.VerificationMethod = VerificationMethod.SmsCode;
        await db.SaveChangesAsync();
        return new Setup(ticket.Id, serial, account, card);
    }

    [Fact]
    public async Task Each_look_up_is_kept_once_with_who_when_the_query_and_masked_rows()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "王芳");
        var setup = await VerifiedComplaintAsync(agent);
        var before = DateTime.UtcNow.AddSeconds(-1);

        var first = await agent.PostAsync($"/api/v1/tickets/{setup.Ticket}/evidence", null);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var answer = (await first.Content.ReadFromJsonAsync<LookupAnswerDto>())!;
        Assert.Equal(3, answer.Nearby.Count);
        Assert.Single(answer.Duplicates);
        Assert.Equal($"/api/v1/tickets/{setup.Ticket}/evidence/{answer.EvidenceId}", first.Headers.Location!.OriginalString);

        var page = (await agent.GetFromJsonAsync<PageDto<EvidenceDto>>($"/api/v1/tickets/{setup.Ticket}/evidence"))!;
        var kept = Assert.Single(page.Items);
        Assert.Equal(answer.EvidenceId, kept.Id);
        Assert.Equal("王芳", kept.ActorName);
        Assert.InRange(kept.At, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(setup.Serial, kept.Query.Serial);
        Assert.True(kept.Query.FromUtc < kept.Query.ToUtc);
        Assert.Equal((3, 1), (kept.RowCount, kept.DuplicateCount));
        var named = kept.Rows.Single(r => r.Serial == setup.Serial);
        Assert.Equal((88.80m, "CNY", "succeeded", "美团外卖"), (named.Amount, named.Currency, named.Status, named.Counterparty));
        Assert.Equal("622202******7894", named.Card);
        Assert.Equal("****" + setup.Account[^4..], named.Account);
        Assert.Equal("转账给 139****5678", kept.Rows.Single(r => r.Serial == setup.Serial + "C").Counterparty);

        // Nothing in the kept evidence shows a whole card, account or phone number.
        var raw = await agent.GetStringAsync($"/api/v1/tickets/{setup.Ticket}/evidence");
        Assert.DoesNotContain(setup.Card, raw);
        Assert.DoesNotContain(setup.Account, raw);
        Assert.DoesNotContain("13912345678", raw);

        // A second look-up, narrowed to one amount: a second record, newest first; the first is unchanged.
        var window = new { from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow, amount = new { value = 20.00m, currency = "CNY" } };
        var second = await agent.PostAsJsonAsync($"/api/v1/tickets/{setup.Ticket}/evidence", window);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        page = (await agent.GetFromJsonAsync<PageDto<EvidenceDto>>($"/api/v1/tickets/{setup.Ticket}/evidence"))!;
        Assert.Equal(2, page.Total);
        Assert.Equal(1, page.Items[0].RowCount);
        // The two ¥88.80 debits are not in what was asked for, so they are not this look-up's duplicates.
        Assert.Equal(0, page.Items[0].DuplicateCount);
        Assert.Equal(setup.Serial + "C", Assert.Single(page.Items[0].Rows).Serial);
        Assert.Equal((20.00m, "CNY"), (page.Items[0].Query.Amount!.Value, page.Items[0].Query.Amount!.Currency));
        Assert.Null(page.Items[0].Query.Serial);
        Assert.Equal(answer.EvidenceId, page.Items[1].Id);
        Assert.Equal(3, page.Items[1].RowCount);

        var one = (await agent.GetFromJsonAsync<EvidenceDto>($"/api/v1/tickets/{setup.Ticket}/evidence/{answer.EvidenceId}"))!;
        Assert.Equal(3, one.Rows.Count);
        var paged = (await agent.GetFromJsonAsync<PageDto<EvidenceDto>>($"/api/v1/tickets/{setup.Ticket}/evidence?page=2&pageSize=1"))!;
        Assert.Equal(answer.EvidenceId, Assert.Single(paged.Items).Id);

        // One timeline entry per look-up, by the agent, telling how many transactions came back.
        var timeline = (await agent.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{setup.Ticket}/timeline"))!.Items
            .Where(e => e.Kind == "lookup").ToList();
        Assert.Equal(2, timeline.Count);
        Assert.All(timeline, e => Assert.Equal("王芳", e.ActorName));
        Assert.Contains("\"rows\":3", timeline[0].Data);
        Assert.Contains("\"rows\":1", timeline[1].Data);
    }

    [Fact]
    public async Task A_look_up_that_is_refused_keeps_nothing()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var setup = await VerifiedComplaintAsync(agent);
        var backwards = await agent.PostAsJsonAsync($"/api/v1/tickets/{setup.Ticket}/evidence",
            new { from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddDays(-2) });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("to", (await backwards.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        var tooLong = await agent.PostAsJsonAsync($"/api/v1/tickets/{setup.Ticket}/evidence",
            new { from = DateTimeOffset.UtcNow.AddDays(-40), to = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var oneEnd = await agent.PostAsJsonAsync($"/api/v1/tickets/{setup.Ticket}/evidence", new { from = DateTimeOffset.UtcNow.AddDays(-2) });
        Assert.Equal(HttpStatusCode.BadRequest, oneEnd.StatusCode);
        var badAmount = await agent.PostAsJsonAsync($"/api/v1/tickets/{setup.Ticket}/evidence", new { amount = new { value = -5m, currency = "CNY" } });
        Assert.Equal(HttpStatusCode.BadRequest, badAmount.StatusCode);

        // Not verified: refused, and nothing kept.
        var unverified = (await (await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "孙未验", phone = TestData.NewPhone() }, subject = "查交易", description = "想查一笔交易", category = "funds",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"/api/v1/tickets/{unverified.Id}/evidence", null)).StatusCode);

        foreach (var ticket in new[] { setup.Ticket, unverified.Id })
        {
            Assert.Equal(0, (await agent.GetFromJsonAsync<PageDto<EvidenceDto>>($"/api/v1/tickets/{ticket}/evidence"))!.Total);
        }
    }

    [Fact]
    public async Task An_unknown_complaint_is_a_404_problem()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent");
        foreach (var response in new[]
        {
            await agent.GetAsync($"/api/v1/tickets/{Guid.NewGuid()}/evidence"),
            await agent.GetAsync("/api/v1/tickets/PD-2020-999999/evidence"),
            await agent.PostAsync($"/api/v1/tickets/{Guid.NewGuid()}/evidence", null),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var setup = await VerifiedComplaintAsync(agent);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/tickets/{setup.Ticket}/evidence/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.GetAsync($"/api/v1/tickets/{setup.Ticket}/evidence?pageSize=1000")).StatusCode);
    }

    [Fact]
    public async Task A_customer_cannot_read_or_make_look_ups_even_on_their_own_complaint()
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var created = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "扣款疑问", description = "有一笔扣款看不懂", category = "funds" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/api/v1/tickets/{ticket.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/v1/tickets/{ticket.Id}/evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync($"/api/v1/tickets/{ticket.Id}/evidence", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync($"/api/v1/tickets/{ticket.Id}/evidence")).StatusCode);
    }

    public sealed record LookupAnswerDto(Guid EvidenceId, List<TxnDto> Nearby, List<ComplaintJourneyTests.DuplicateDto> Duplicates);

    public sealed record TxnDto(string Serial, decimal Amount);

    public sealed record QueryDto(DateTime FromUtc, DateTime ToUtc, string? Serial, MoneyDto? Amount);

    public sealed record RowDto(string Serial, DateTime OccurredAt, decimal Amount, string Currency, string Status, string Refund, string Counterparty, string? Card, string Account);

    public sealed record EvidenceDto(Guid Id, DateTime At, string ActorName, QueryDto Query, int RowCount, int DuplicateCount, List<RowDto> Rows);
}

public sealed class TransactionEvidenceSqliteTests(SqliteHost host) : TransactionEvidenceTests(host), IClassFixture<SqliteHost>;

public sealed class TransactionEvidencePostgresTests(PostgresHost host) : TransactionEvidenceTests(host), IClassFixture<PostgresHost>;

/// <summary>The snapshot never keeps a whole card or account number, whatever the payment system sends.</summary>
public sealed class EvidenceMaskingTests
{
    [Theory]
    [InlineData("622202******1234", "622202******1234")]
    [InlineData("6222021234567894", "622202******7894")]
    [InlineData("6222 0212 3456 7894", "622202******7894")]
    [InlineData("62220212345678901", "622202*******8901")]
    [InlineData("1234", "****")]
    public void A_card_shows_at_most_the_issuer_and_the_last_four(string sent, string kept) => Assert.Equal(kept, EvidenceRow.MaskCard(sent));

    [Theory]
    [InlineData("6213900012340000", "****0000")]
    [InlineData("ACC-778812", "****8812")]
    [InlineData("123", "***")]
    public void An_account_shows_its_last_four(string account, string kept) => Assert.Equal(kept, EvidenceRow.MaskAccount(account));

    [Fact]
    public void A_phone_number_in_the_counterparty_is_masked()
    {
        var row = EvidenceRow.From(new PaymentTransaction("T1", "6213900012340000", "转账给 13912345678", 5m, "CNY", PaymentStatus.Succeeded,
            DateTime.UtcNow, "6222021234567894", RefundState.None, null, null));
        Assert.Equal(("转账给 139****5678", "622202******7894", "****0000"), (row.Counterparty, row.Card, row.Account));
    }
}
