using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
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
        Assert.Equal(reason, ResolutionAction.ApprovalReason((decimal)amount, currency, (decimal)earlier, Options, (decimal?)disputed, disputed is null ? null : "CNY"));
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
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Tickets.SingleAsync(t => t.Id == ticket.Id);
        row.VerifiedAt = DateTime.UtcNow;
        row.VerificationMethod = VerificationMethod.SmsCode;
        await db.SaveChangesAsync();
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

    public sealed record PendingDto(Guid Id, Guid TicketId, string TicketNumber, string Kind, MoneyDto? Amount, string RequestedBy, DateTime CreatedAt);

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
