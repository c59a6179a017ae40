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
/// Maker-checker on money (found by an outside probe): one agent approved 400 + 400 + 499.99 CNY and 100 USD of refunds
/// on a ¥100 complaint alone, because the threshold looked at each remedy by itself and at the bare number.
/// </summary>
public sealed class RemedyApprovalRuleTests
{
    private static readonly ResolutionOptions Options = new() { ApprovalThreshold = 500m, ThresholdCurrency = "CNY" };

    [Theory]
    [InlineData(100, "CNY", 0, null, null)]
    [InlineData(500, "CNY", 0, null, null)]
    [InlineData(500.01, "CNY", 0, null, "threshold")]
    [InlineData(400, "CNY", 400, null, "cumulative")]
    [InlineData(100, "CNY", 400, null, null)]
    [InlineData(100, "USD", 0, null, "currency")]
    [InlineData(150, "CNY", 0, 100.0, "above_disputed")]
    [InlineData(60, "CNY", 50, 100.0, "above_disputed")]
    [InlineData(50, "CNY", 50, 100.0, null)]
    public void A_money_remedy_waits_for_a_second_person_when_it_alone_or_with_the_earlier_ones_passes_a_limit(
        double amount, string currency, double earlier, double? disputed, string? reason) =>
        Assert.Equal(reason, ResolutionAction.ReasonToWait((decimal)amount, currency, (decimal)earlier, Options, (decimal?)disputed, disputed is null ? null : "CNY"));

    [Theory]
    [InlineData(PaymentStatus.Reversed, RefundState.None, "reversed")]
    [InlineData(PaymentStatus.Succeeded, RefundState.Pending, "refunded")]
    [InlineData(PaymentStatus.Succeeded, RefundState.Completed, "refunded")]
    [InlineData(PaymentStatus.Succeeded, RefundState.Rejected, null)]
    [InlineData(PaymentStatus.Succeeded, RefundState.None, null)]
    [InlineData(PaymentStatus.Failed, RefundState.None, null)]
    public void Money_already_back_makes_even_a_small_refund_wait(PaymentStatus status, RefundState refund, string? reason)
    {
        var back = MoneyAlreadyBack.Of(status, refund);
        Assert.Equal(reason, back);
        Assert.Equal(reason, ResolutionAction.ReasonToWait(1m, "CNY", 0m, Options, 100m, "CNY", back));
    }
}

public abstract class RemedyApprovalApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private async Task<Guid> VerifiedComplaintAsync(HttpClient agent, decimal? amount)
    {
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app",
            customer = new { name = "钱拆分", phone = TestData.NewPhone() },
            subject = "退款未到账", description = "订单退款一直没到", category = "refund",
            amount = amount is { } a ? new { value = a, currency = "CNY" } : null,
            transactionId = amount is null ? null : "T" + Guid.NewGuid().ToString("N")[..12],
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        await Factory.MarkVerifiedAsync(ticket.Id);
        return ticket.Id;
    }

    private static async Task<string> ProposeAsync(HttpClient agent, Guid ticket, decimal value, string currency = "CNY")
    {
        var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/actions", new { kind = "refund", amount = new { value, currency }, note = "退回" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ComplaintJourneyTests.ActionDto>())!.Status;
    }

    [Fact]
    public async Task Refunds_split_below_the_threshold_still_need_a_second_person_once_their_sum_passes_it()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "拆单");
        var ticket = await VerifiedComplaintAsync(agent, amount: null);
        Assert.Equal("approved", await ProposeAsync(agent, ticket, 400m));
        Assert.Equal("pending_approval", await ProposeAsync(agent, ticket, 400m));
        // The pending one counts too: it would move the money once approved.
        Assert.Equal("pending_approval", await ProposeAsync(agent, ticket, 99.99m));
        var timeline = await agent.GetStringAsync($"/api/v1/tickets/{ticket}/timeline");
        Assert.Contains("cumulative", timeline);
    }

    [Fact]
    public async Task A_refund_above_the_disputed_amount_waits_and_one_in_another_currency_is_refused()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "币种");
        var ticket = await VerifiedComplaintAsync(agent, amount: 100m);
        Assert.Equal("pending_approval", await ProposeAsync(agent, ticket, 150m));
        var usd = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/actions", new { kind = "refund", amount = new { value = 100m, currency = "USD" }, note = "退回" });
        Assert.Equal(HttpStatusCode.BadRequest, usd.StatusCode);
        var problem = await usd.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount.currency", out _));

        // Without an amount on the complaint, another currency is accepted but never by one person (no conversion).
        var open = await VerifiedComplaintAsync(agent, amount: null);
        Assert.Equal("pending_approval", await ProposeAsync(agent, open, 10m, "USD"));
    }

    public sealed record RemedyDto(Guid Id, string Kind, string Status, string? ApprovalReason);

    /// <summary>A verified complaint about <paramref name="serial"/>, the customer's own transaction in the ledger as given.</summary>
    private async Task<Guid> ComplaintAboutAsync(HttpClient agent, string serial, PaymentStatus status, RefundState refund)
    {
        var account = "62" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.LedgerAccounts.Add(new LedgerAccount { AccountId = account });
            db.LedgerTransactions.Add(new LedgerTransaction
            {
                Serial = serial, AccountId = account, Merchant = "京东商城", Amount = 88.00m, Currency = "CNY", Status = status,
                OccurredAt = DateTime.UtcNow.AddHours(-5), Refund = refund, RefundAmount = refund == RefundState.None ? null : 88.00m,
            });
            await db.SaveChangesAsync();
        }
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app",
            customer = new { name = "钱冲正", phone = TestData.NewPhone(), accountId = account },
            subject = "扣款未退", description = "付款失败但钱被扣了", category = "funds",
            amount = new { value = 88.00m, currency = "CNY" }, transactionId = serial,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        await Factory.MarkVerifiedAsync(ticket.Id);
        return ticket.Id;
    }

    private static async Task<RemedyDto> RefundAsync(HttpClient agent, Guid ticket, decimal value)
    {
        var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/actions", new { kind = "refund", amount = new { value, currency = "CNY" }, note = "原路退回" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RemedyDto>())!;
    }

    [Fact]
    public async Task A_refund_on_a_transaction_already_reversed_or_refunded_waits_for_a_second_person_and_says_why()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "冲正");
        var (expert, _) = await host.NewStaffClientAsync("expert", "复核冲正");
        var serial = "R" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var reversed = await ComplaintAboutAsync(agent, serial, PaymentStatus.Reversed, RefundState.None);
        // ¥20 is far below the threshold and the disputed ¥88: only the reversal makes it wait.
        var first = await RefundAsync(agent, reversed, 20m);
        Assert.Equal(("pending_approval", "reversed"), (first.Status, first.ApprovalReason));
        var listed = (await agent.GetFromJsonAsync<List<RemedyDto>>($"/api/v1/tickets/{reversed}/actions"))!;
        Assert.Equal("reversed", Assert.Single(listed).ApprovalReason);
        var pending = (await expert.GetFromJsonAsync<PageDto<PendingDto>>("/api/v1/remedies/pending?pageSize=100"))!;
        Assert.Equal("reversed", Assert.Single(pending.Items, p => p.TicketId == reversed).ApprovalReason);

        var refunded = await ComplaintAboutAsync(agent, serial + "F", PaymentStatus.Succeeded, RefundState.Completed);
        Assert.Equal(("pending_approval", "refunded"), ((await RefundAsync(agent, refunded, 20m)).Status, (await RefundAsync(agent, refunded, 1m)).ApprovalReason));

        // An explanation moves no money: nothing to check.
        var explained = await agent.PostAsJsonAsync($"/api/v1/tickets/{reversed}/actions", new { kind = "explanation", note = "已冲正，请查看银行卡" });
        Assert.Equal("approved", (await explained.Content.ReadFromJsonAsync<RemedyDto>())!.Status);

        // A transaction nobody gave back: one person may refund a small amount as before.
        var plain = await ComplaintAboutAsync(agent, serial + "P", PaymentStatus.Succeeded, RefundState.None);
        Assert.Equal(("approved", (string?)null), ((await RefundAsync(agent, plain, 20m)).Status, (await RefundAsync(agent, plain, 1m)).ApprovalReason));
    }

    [Fact]
    public async Task When_the_payment_system_no_longer_knows_the_transaction_the_recorded_look_up_still_counts()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "查询留痕");
        var serial = "R" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var ticket = await ComplaintAboutAsync(agent, serial, PaymentStatus.Reversed, RefundState.None);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsync($"/api/v1/tickets/{ticket}/evidence", null)).StatusCode);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.LedgerTransactions.Where(t => t.Serial == serial).ExecuteDeleteAsync();
        }
        Assert.Equal("reversed", (await RefundAsync(agent, ticket, 5m)).ApprovalReason);
    }

    public sealed record PendingDto(Guid Id, Guid TicketId, string TicketNumber, string Kind, MoneyDto? Amount, string RequestedBy, DateTime CreatedAt,
        string? ApprovalReason = null);

    [Fact]
    public async Task Approvers_list_what_waits_for_a_second_person_and_agents_may_not()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "待批");
        var (expert, _) = await host.NewStaffClientAsync("expert", "复核");
        var ticket = await VerifiedComplaintAsync(agent, amount: null);
        Assert.Equal("pending_approval", await ProposeAsync(agent, ticket, 777m));

        var all = new List<PendingDto>();
        for (var page = 1; ; page++)
        {
            var batch = (await expert.GetFromJsonAsync<PageDto<PendingDto>>($"/api/v1/remedies/pending?page={page}&pageSize=100"))!;
            all.AddRange(batch.Items);
            if (batch.Items.Count < 100) break;
        }
        var mine = Assert.Single(all, p => p.TicketId == ticket);
        Assert.Equal(("refund", 777m, "CNY", "待批"), (mine.Kind, mine.Amount!.Value, mine.Amount.Currency, mine.RequestedBy));
        Assert.Equal(all.OrderBy(p => p.CreatedAt).Select(p => p.Id), all.Select(p => p.Id));

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/remedies/pending")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await expert.GetAsync("/api/v1/remedies/pending?pageSize=0")).StatusCode);
        // An approval's note has the rejection's limit (a longer one answered 500 on PostgreSQL); the refund still waits.
        var tooLong = await expert.PostAsJsonAsync($"/api/v1/tickets/{ticket}/actions/{mine.Id}/approve", new { note = new string('核', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var approved = await expert.PostAsJsonAsync($"/api/v1/tickets/{ticket}/actions/{mine.Id}/approve", new { note = "核实" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var after = (await expert.GetFromJsonAsync<PageDto<PendingDto>>("/api/v1/remedies/pending?pageSize=100"))!;
        Assert.DoesNotContain(after.Items, p => p.Id == mine.Id);
    }

    [Fact]
    public async Task Two_refunds_proposed_at_once_cannot_both_be_approved_by_one_person()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "并发");
        var ticket = await VerifiedComplaintAsync(agent, amount: null);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ProposeAsync(agent, ticket, 300m)));
        Assert.Equal(1, statuses.Count(s => s == "approved"));
    }
}

public sealed class RemedyApprovalSqliteTests(SqliteHost host) : RemedyApprovalApiTests(host), IClassFixture<SqliteHost>;

public sealed class RemedyApprovalPostgresTests(PostgresHost host) : RemedyApprovalApiTests(host), IClassFixture<PostgresHost>;
