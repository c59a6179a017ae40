using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>
/// A duplicate-debit complaint from app intake to closure: verification, ledger lookup, transfer
/// to back office, refund with maker-checker approval, SMS and e-mail notices, the customer's
/// confirmation through the signed link, closure — and the timeline that tells it.
/// </summary>
public abstract class ComplaintJourneyTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    [Fact]
    public async Task A_duplicate_debit_goes_from_app_intake_to_closure()
    {
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "王芳");
        var (expert, _) = await host.NewStaffClientAsync("expert", "赵磊");
        var phone = TestData.NewPhone();
        var account = "62" + phone[3..] + "0000";
        var serial = "T2026112" + phone[^8..];

        // The bank side: two identical successful debits a minute apart.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var at = DateTime.UtcNow.AddHours(-3);
            db.LedgerAccounts.Add(new LedgerAccount { AccountId = account });
            foreach (var (s, when) in new[] { (serial, at), (serial + "B", at.AddMinutes(1)) })
            {
                db.LedgerTransactions.Add(new LedgerTransaction
                {
                    Serial = s, AccountId = account, Merchant = "美团外卖", Amount = 1999.00m, Currency = "CNY",
                    Status = PaymentStatus.Succeeded, OccurredAt = when,
                });
            }
            await db.SaveChangesAsync();
        }

        // 1. Intake from the app.
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app",
            customer = new { name = "张三", phone, email = $"zs{phone}@example.cn", idNumber = "11010519491231002X", accountId = account },
            subject = "重复扣款",
            description = "同一笔订单被扣款两次，每次 1999 元",
            category = "funds",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-3),
            amount = new { value = 1999.00m, currency = "CNY" },
            transactionId = serial,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal("duplicate_debit", (await agent.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/tickets/{ticket.Id}")).GetProperty("subCategory").GetString());
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" })).StatusCode);

        // 2. No account data before the complainant is verified.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"/api/v1/tickets/{ticket.Id}/evidence", null)).StatusCode);
        var challengeResponse = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/verification", new { method = "sms_code" });
        Assert.Equal(HttpStatusCode.Created, challengeResponse.StatusCode);
        var challenge = (await challengeResponse.Content.ReadFromJsonAsync<ChallengeDto>())!;
        Assert.Equal(phone[..3] + "****" + phone[^4..], challenge.Destination);
        await Factory.DispatchNotificationsAsync();
        var sms = Factory.Outbox("sms").Last(m => m.To == challenge.Destination && m.Body.Contains("验证码"));
        var code = Regex.Match(sms.Body, @"\d{6}").Value;
        var wrong = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/verification/{challenge.ChallengeId}/confirm", new { code = code == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/verification/{challenge.ChallengeId}/confirm", new { code })).StatusCode);

        // 3. The ledger shows the duplicate.
        var evidence = (await (await agent.PostAsync($"/api/v1/tickets/{ticket.Id}/evidence", null)).Content.ReadFromJsonAsync<EvidenceDto>())!;
        Assert.Equal(serial, evidence.Transaction!.Serial);
        var duplicate = Assert.Single(evidence.Duplicates);
        Assert.Equal((serial, serial + "B", 1999.00m), (duplicate.First, duplicate.Second, duplicate.Amount));

        // 4. Back office joins; the owner stays.
        var transfer = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transfer", new { team = "back_office", reason = "重复扣款需后台退款" });
        Assert.Equal(agentId, (await transfer.Content.ReadFromJsonAsync<TicketDto>())!.OwnerId);

        // 5. Refund of the second debit: above the threshold, so a second person approves.
        var refund = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/actions", new { kind = "refund", amount = new { value = 1999.00m, currency = "CNY" }, note = $"退回重复扣款 {serial}B" });
        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);
        var action = (await refund.Content.ReadFromJsonAsync<ActionDto>())!;
        Assert.Equal("pending_approval", action.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/actions/{action.Id}/approve", new { note = "自己批" })).StatusCode);
        var approved = await expert.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/actions/{action.Id}/approve", new { note = "核实无误" });
        Assert.Equal("approved", (await approved.Content.ReadFromJsonAsync<ActionDto>())!.Status);

        // 6. The solution goes to the customer by SMS and e-mail with a signed link.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions",
            new { trigger = "propose_solution", reason = "已为您原路退回重复扣除的 1999.00 元，1–3 个工作日到账" })).StatusCode);
        await Factory.DispatchNotificationsAsync();
        var solutionSms = Factory.Outbox("sms").Last(m => m.To == challenge.Destination);
        var solutionMail = Factory.Outbox("email").Last(m => m.Body.Contains(ticket.Number));
        Assert.Contains("1999.00", solutionSms.Body);
        Assert.Contains(ticket.Number, solutionMail.Subject);
        var token = Regex.Match(solutionSms.Body, @"/confirm/(\S+)").Groups[1].Value;
        Assert.NotEmpty(token);

        // 7. The customer accepts through the link, without signing in; the link is then spent.
        var anonymous = Factory.CreateClient();
        var proposal = (await anonymous.GetFromJsonAsync<ProposalDto>($"/api/v1/confirmations/{token}"))!;
        Assert.Contains("1999.00", proposal.Solution);
        var accepted = await anonymous.PostAsJsonAsync($"/api/v1/confirmations/{token}", new { decision = "accept" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.PostAsJsonAsync($"/api/v1/confirmations/{token}", new { decision = "accept" })).StatusCode);

        // 8. Closure with the summary.
        var closed = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions",
            new { trigger = "close", rootCause = "bank_delay", resolutionCode = "refunded", summary = "银行重复清算，已退回" });
        Assert.Equal("closed", (await closed.Content.ReadFromJsonAsync<TicketDto>())!.Status);
        await Factory.DispatchNotificationsAsync();

        // The timeline, in order.
        var timeline = (await agent.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!.Items;
        string Describe(TimelineEntryDto e) => e.Kind switch
        {
            "transition" => "transition:" + e.Trigger,
            "verification" when e.Data!.Contains("\"verified\"") => "verified",
            "notification" when e.Data!.Contains("solution_proposed") => "notified:solution",
            _ => e.Kind,
        };
        var story = timeline.Select(Describe).ToList();
        string[] expected = ["created", "transition:acknowledge", "transition:start_work", "verified", "lookup", "transfer", "action", "approval",
            "transition:propose_solution", "notified:solution", "transition:accept_solution", "transition:close"];
        var positions = expected.Select(step => story.IndexOf(step)).ToList();
        Assert.True(positions.All(p => p >= 0), "timeline: " + string.Join(", ", story));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal("张三", timeline.Single(e => e.Trigger == "accept_solution").ActorName);

        // Every notice was delivered, none lost.
        var notices = (await agent.GetFromJsonAsync<PageDto<NoticeDto>>($"/api/v1/tickets/{ticket.Id}/notifications?pageSize=100"))!.Items;
        Assert.All(notices, n => Assert.Equal("sent", n.Status));
        Assert.Contains(notices, n => n is { TemplateKey: "closed", Channel: "sms" });
        Assert.Contains(notices, n => n is { TemplateKey: "closed", Channel: "email" });
        Assert.DoesNotContain(notices, n => n.Body.Contains(code));
    }

    public sealed record ChallengeDto(Guid ChallengeId, string Method, string Destination, DateTime ExpiresAt);

    public sealed record TxnDto(string Serial, string AccountId, decimal Amount, string Status);

    public sealed record DuplicateDto(string First, string Second, decimal Amount);

    public sealed record EvidenceDto(TxnDto? Transaction, List<TxnDto> Nearby, List<DuplicateDto> Duplicates);

    public sealed record ActionDto(Guid Id, string Kind, string Status);

    public sealed record ProposalDto(string Number, string Subject, string? Solution);

    public sealed record NoticeDto(Guid Id, string Channel, string TemplateKey, string Status, string Body);
}

public sealed class ComplaintJourneySqliteTests(SqliteHost host) : ComplaintJourneyTests(host), IClassFixture<SqliteHost>;

public sealed class ComplaintJourneyPostgresTests(PostgresHost host) : ComplaintJourneyTests(host), IClassFixture<PostgresHost>;

/// <summary>Bad verification input leaves the complaint unverified.</summary>
public sealed class VerificationRulesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, services: s => s.AddSingleton<TimeProvider>(_clock));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<(HttpClient Admin, Guid Ticket, Guid Challenge, string Code)> StartAsync()
    {
        var admin = await _factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "李四", phone }, subject = "账户被冻结", description = "无法付款", category = "account_frozen",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        var challenge = (await (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/verification", new { method = "sms_code" }))
            .Content.ReadFromJsonAsync<ComplaintJourneyTests.ChallengeDto>())!;
        await _factory.DispatchNotificationsAsync();
        var code = Regex.Match(_factory.Outbox("sms").Last(m => m.To == challenge.Destination).Body, @"\d{6}").Value;
        return (admin, ticket.Id, challenge.ChallengeId, code);
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_the_complaint_stays_unverified()
    {
        var (admin, ticket, challenge, code) = await StartAsync();
        _clock.Advance(TimeSpan.FromMinutes(6));
        var response = await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket}/verification/{challenge}/confirm", new { code });
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Null((await admin.GetFromJsonAsync<VerifiedDto>($"/api/v1/tickets/{ticket}"))!.VerifiedAt);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_check_even_for_the_right_code()
    {
        var (admin, ticket, challenge, code) = await StartAsync();
        var wrongCode = code == "123456" ? "654321" : "123456";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket}/verification/{challenge}/confirm", new { code = wrongCode })).StatusCode);
        }
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Locked], statuses);
        Assert.Equal(HttpStatusCode.Locked, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket}/verification/{challenge}/confirm", new { code })).StatusCode);
        Assert.Null((await admin.GetFromJsonAsync<VerifiedDto>($"/api/v1/tickets/{ticket}"))!.VerifiedAt);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket}/actions", new { kind = "unfreeze_request", note = "申请解冻" })).StatusCode);
    }

    public sealed record VerifiedDto(Guid Id, DateTime? VerifiedAt);
}
