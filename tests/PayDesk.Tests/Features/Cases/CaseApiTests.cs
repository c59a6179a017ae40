using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Cases;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Cases;

/// <summary>The case library through the API, on SQLite and on PostgreSQL (issue 19, part 2).</summary>
public abstract class CaseApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    /// <summary>The personal data one complaint is full of, and the complaint once it is resolved and closed.</summary>
    private sealed record Source(string Number, Guid Id, string Phone, string IdNumber, string Card, string Serial, string Account, string Email);

    private static string IdFor(string phone)
    {
        var first17 = "11010519900101" + phone[^3..];
        return first17 + PersonalData.IdCheckDigit(first17);
    }

    private static string CardFor(string phone)
    {
        var body = "621700" + phone[^8..] + "0000";
        for (var check = 0; check <= 9; check++)
        {
            if (PersonalData.LuhnValid(body + check)) return body + check;
        }
        throw new InvalidOperationException("unreachable");
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, ChatTests.Json)!;
    }

    private static async Task TriggerAsync(HttpClient agent, Guid ticket, object body) =>
        await ReadAsync<TicketDto>(await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", body), HttpStatusCode.OK);

    /// <summary>A double debit phoned in by 欧阳娜娜, worked by 司马光明, resolved and closed, with her numbers in every text.</summary>
    private async Task<Source> ResolvedComplaintAsync(HttpClient agent)
    {
        var phone = TestData.NewPhone();
        var (id, card, serial) = (IdFor(phone), CardFor(phone), "T2026112" + phone[^8..]);
        var account = "62" + phone[3..] + "00000";
        var email = $"oyn{phone}@example.cn";
        var grouped = string.Join(' ', card.Chunk(4).Select(c => new string(c)));
        var ticket = await ReadAsync<TicketDto>(await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone",
            customer = new { name = "欧阳娜娜", phone, email, idNumber = id, accountId = account },
            subject = "超市付款被重复扣款",
            description = $"我是欧阳娜娜，手机 {phone[..3]} {phone[3..7]} {phone[7..]}，身份证 {id}，用卡 {grouped} 在超市付款 88.50 元，流水号 {serial}，结果被重复扣款两次，请尽快退款。",
            category = "funds", amount = new { value = 88.50m, currency = "CNY" }, transactionId = serial,
        }), HttpStatusCode.Created);
        var bound = await agent.PostAsJsonAsync($"/api/v1/customers/{ticket.Customer.Id}/cards", new { number = card, bankName = "工商银行" });
        Assert.True(bound.IsSuccessStatusCode, await bound.Content.ReadAsStringAsync());
        await TriggerAsync(agent, ticket.Id, new { trigger = "start_work" });
        Assert.True((await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new
        {
            body = $"欧阳女士您好，已核实流水 {serial} 在 30 秒内扣款两次，我们将原路退回重复的 88.50 元。", visibility = "public",
        })).IsSuccessStatusCode);
        Assert.True((await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new
        {
            body = $"客户账号 {account}，邮箱 {email}，卡 {card[..4]}-{card[4..8]}-{card[8..12]}-{card[12..]}，银行重复清算，联系电话 {phone[..3]}-{phone[3..7]}-{phone[7..]}。",
            visibility = "internal",
        })).IsSuccessStatusCode);
        await TriggerAsync(agent, ticket.Id, new { trigger = "propose_solution", reason = "银行重复清算，重复扣除的 88.50 元待审批通过后原路退回" });
        await TriggerAsync(agent, ticket.Id, new { trigger = "accept_solution", reason = "客户电话确认" });
        await TriggerAsync(agent, ticket.Id, new { trigger = "close", rootCause = "bank_delay", resolutionCode = "refunded", summary = "银行重复清算，已为欧阳娜娜退回" });
        return new Source(ticket.Number, ticket.Id, phone, id, card, serial, account, email);
    }

    private static object Edit(CaseDto c, string? lessons = null, string? problem = null) => new
    {
        title = c.Title, problem = problem ?? c.Problem, cause = c.Cause, actions = c.Actions, customerWords = c.CustomerWords,
        lessons = lessons ?? c.Lessons, tags = c.Tags, articles = c.Articles,
    };

    [Fact]
    public async Task A_case_from_a_resolved_complaint_holds_none_of_its_personal_data_and_is_found_by_a_Chinese_search()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "司马光明");
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "刘主管");
        var source = await ResolvedComplaintAsync(agent);

        // Only supervisors make cases.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/cases", new { complaint = source.Number })).StatusCode);
        var draft = await ReadAsync<CaseDto>(await supervisor.PostAsJsonAsync("/api/v1/cases", new { complaint = source.Number }), HttpStatusCode.Created);
        Assert.Equal("draft", draft.Status);
        Assert.Contains("【客户】", draft.CustomerWords + draft.Actions);
        Assert.Contains("【流水号】", draft.Problem);
        Assert.Contains("【卡号】", draft.Problem);
        Assert.Contains("【证件号】", draft.Problem);
        Assert.Contains("【手机号】", draft.Problem);
        Assert.Contains("银行处理延迟", draft.Cause);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsJsonAsync("/api/v1/cases", new { complaint = source.Number })).StatusCode);
        // A draft is not the library's yet: agents neither read nor find it.
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/cases/{draft.Id}")).StatusCode);

        // Publishing needs the lesson, and is refused while an edit brings back a number or her name.
        var missing = await ReadAsync<ProblemDto>(await supervisor.PostAsync($"/api/v1/cases/{draft.Id}/publish", null), HttpStatusCode.BadRequest);
        Assert.Contains("lessons", missing.Errors!.Keys);
        await ReadAsync<CaseDto>(await supervisor.PutAsJsonAsync($"/api/v1/cases/{draft.Id}", Edit(draft, lessons: $"遇到重复扣款先查流水，回电 {source.Phone[..3]} {source.Phone[3..7]} {source.Phone[7..]}")),
            HttpStatusCode.OK);
        var refused = await supervisor.PostAsync($"/api/v1/cases/{draft.Id}/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("phone", await refused.Content.ReadAsStringAsync());
        await ReadAsync<CaseDto>(await supervisor.PutAsJsonAsync($"/api/v1/cases/{draft.Id}", Edit(draft, lessons: "欧阳女士的经历说明：遇到重复扣款先查流水。")), HttpStatusCode.OK);
        var named = await supervisor.PostAsync($"/api/v1/cases/{draft.Id}/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, named.StatusCode);
        Assert.Contains("name", await named.Content.ReadAsStringAsync());
        await ReadAsync<CaseDto>(await supervisor.PutAsJsonAsync($"/api/v1/cases/{draft.Id}", Edit(draft, lessons: "遇到重复扣款先查交易流水，两笔时间相近、金额相同即可当场退回。")),
            HttpStatusCode.OK);
        var published = await ReadAsync<CaseDto>(await supervisor.PostAsync($"/api/v1/cases/{draft.Id}/publish", null), HttpStatusCode.OK);
        Assert.Equal("published", published.Status);

        // The scan: nothing of hers or of the agent's, in any grouping, anywhere in the published case.
        var read = await ReadAsync<CaseDto>(await agent.GetAsync($"/api/v1/cases/{draft.Id}"), HttpStatusCode.OK);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ServiceCase>().AsNoTracking().FirstAsync(c => c.Id == draft.Id);
            var stored = string.Join('\n', row.Texts().Select(t => t.Text));
            var shown = string.Join('\n', read.Title, read.Problem, read.Cause, read.Actions, read.CustomerWords, read.Lessons, string.Join(',', read.Tags));
            foreach (var text in new[] { stored, shown })
            {
                var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c is 'X' or '*').ToArray());
                foreach (var number in new[] { source.Phone, source.IdNumber, source.Card, source.Serial[1..], source.Account, source.Phone[..3] + "****" })
                {
                    Assert.DoesNotContain(number, digits);
                }
                foreach (var word in new[] { "欧阳娜娜", "娜娜", "欧阳女士", "司马光明", "光明", source.Email, source.Serial, source.Number, "****" })
                {
                    Assert.DoesNotContain(word, text);
                }
            }
        }

        // Found by a Chinese search (jieba words, not the title's exact string), filtered, paged.
        var found = await ReadAsync<PageDto<CaseSummaryDto>>(await agent.GetAsync("/api/v1/cases?q=" + Uri.EscapeDataString("扣了两次钱 退款")), HttpStatusCode.OK);
        Assert.Contains(found.Items, c => c.Id == draft.Id);
        var funds = await ReadAsync<PageDto<CaseSummaryDto>>(await agent.GetAsync("/api/v1/cases?q=" + Uri.EscapeDataString("重复扣款") + "&category=funds&channel=phone"), HttpStatusCode.OK);
        Assert.Contains(funds.Items, c => c.Id == draft.Id);
        var elsewhere = await ReadAsync<PageDto<CaseSummaryDto>>(await agent.GetAsync("/api/v1/cases?q=" + Uri.EscapeDataString("重复扣款") + "&channel=weibo"), HttpStatusCode.OK);
        Assert.DoesNotContain(elsewhere.Items, c => c.Id == draft.Id);
        var listed = await ReadAsync<PageDto<CaseSummaryDto>>(await agent.GetAsync("/api/v1/cases?category=funds&pageSize=100"), HttpStatusCode.OK);
        Assert.Contains(listed.Items, c => c.Id == draft.Id);

        // Beside a new complaint about the same thing, the case is among the three similar ones.
        var fresh = await ReadAsync<TicketDto>(await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "郑十一", phone = TestData.NewPhone() }, subject = "付款被扣了两次",
            description = "在超市买东西付了一次钱，却被重复扣款两次", category = "funds",
        }), HttpStatusCode.Created);
        var similar = await ReadAsync<List<CaseSummaryDto>>(await agent.GetAsync($"/api/v1/cases/similar/{fresh.Number}"), HttpStatusCode.OK);
        Assert.InRange(similar.Count, 1, 3);
        Assert.Contains(similar, c => c.Id == draft.Id);

        // Made, edited and published are in the audit log.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var actions = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
                .Where(a => a.EntityType == "ServiceCase" && a.EntityId == draft.Id).Select(a => a.Action).ToListAsync();
            Assert.Contains("created", actions);
            Assert.Contains("updated", actions);
            Assert.Contains("published", actions);
        }
    }

    [Fact]
    public async Task Bad_requests_are_problems_not_errors()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "周主管");
        var open = await ReadAsync<TicketDto>(await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "吴六", phone = TestData.NewPhone() }, subject = "提现手续费", description = "提现手续费怎么算", category = "consultation",
        }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsJsonAsync("/api/v1/cases", new { complaint = open.Number })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/v1/cases", new { complaint = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync("/api/v1/cases", new { complaint = "PD-1999-000001" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/cases/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsync($"/api/v1/cases/{Guid.NewGuid()}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/cases/similar/PD-1999-000001")).StatusCode);
        var bad = await ReadAsync<ProblemDto>(await agent.GetAsync("/api/v1/cases?category=nope&channel=pigeon&page=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["category", "channel", "page"], bad.Errors!.Keys.Order().ToArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync("/api/v1/cases")).StatusCode);
        var (customer, _) = await host.NewCustomerClientAsync(agent);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/cases")).StatusCode);
    }

    public sealed record CaseDto(Guid Id, string Status, string Title, string Problem, string Cause, string Actions, string CustomerWords, string Lessons,
        string Category, string? RootCause, string Channel, List<string> Tags, List<string> Articles, string? TicketNumber);

    public sealed record CaseSummaryDto(Guid Id, string Status, string Title, string Category, string Channel, List<string> Tags, string? Snippet);
}

public sealed class CaseApiSqliteTests(SqliteHost host) : CaseApiTests(host), IClassFixture<SqliteHost>;

public sealed class CaseApiPostgresTests(PostgresHost host) : CaseApiTests(host), IClassFixture<PostgresHost>;
