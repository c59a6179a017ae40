using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// Issue 18, item 3: refund claims wait for approval; duplicate complaints about the same money are flagged and listed.
public sealed class MoneySafetyApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private const string Claim = "我们已为多扣的 1309.52 元发起原路退款";

    private sealed record DuplicateDto(Guid Id, string Number, string Reason, string? TransactionId, decimal? Amount, bool Linked);

    private async Task<TicketDto> FileAsync(HttpClient staff, string phone, string? serial, decimal? amount, DateTimeOffset? occurredAt = null)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "重复扣款", phone }, subject = "重复扣款", description = "同一笔订单被扣了两次款", category = "funds",
            transactionId = serial, amount = amount is { } a ? new { value = a, currency = "CNY" } : null, occurredAt,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
    }

    private async Task SetRemedyAsync(Guid ticket, ResolutionStatus status)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var existing = await db.ResolutionActions.FirstOrDefaultAsync(a => a.TicketId == ticket);
        if (existing is null)
        {
            // Arranged as ProposeRemedy leaves a refund above the threshold: waiting for the second person.
            db.ResolutionActions.Add(new ResolutionAction
            {
                TicketId = ticket, Kind = ResolutionKind.Refund, Amount = 1309.52m, Currency = "CNY", Note = "重复扣款退款",
                Status = status, RequestedByName = "王芳", CreatedAt = DateTime.UtcNow,
            });
        }
        else existing.Status = status;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_refund_claim_is_refused_until_the_refund_is_approved_and_pending_wording_is_allowed()
    {
        var staff = await host.Factory.AdminClientAsync();
        var ticket = await FileAsync(staff, TestData.NewPhone(), "2026112500131952", 1309.52m);

        // No refund at all, then a refund waiting for approval: the claim is refused, nothing reaches the customer.
        foreach (var status in new ResolutionStatus?[] { null, ResolutionStatus.PendingApproval })
        {
            if (status is { } s) await SetRemedyAsync(ticket.Id, s);
            var refused = await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = Claim });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("审批", (await refused.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);
        }
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "propose_solution", reason = Claim })).StatusCode);
        Assert.Equal("in_progress", (await staff.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!.Status);

        // Saying it waits for approval is honest; an internal note is not for the customer.
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages",
            new { body = "我们已为多扣的 1309.52 元提交原路退款申请，目前待审批。" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages",
            new { body = Claim, visibility = "internal" })).StatusCode);

        await SetRemedyAsync(ticket.Id, ResolutionStatus.Approved);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = Claim })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "propose_solution", reason = Claim })).StatusCode);
    }

    [Fact]
    public async Task A_second_complaint_on_the_same_serial_or_amount_and_day_is_flagged_listed_and_can_be_linked()
    {
        var staff = await host.Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var serial = "20261125" + Random.Shared.Next(10_000_000, 99_999_999);
        var day = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        var first = await FileAsync(staff, phone, serial, 1309.52m, day);
        var second = await FileAsync(staff, phone, serial, 1309.52m, day);
        var sameAmount = await FileAsync(staff, phone, null, 88.00m, day);
        var sameAmountLater = await FileAsync(staff, phone, null, 88.00m, day.AddHours(2));
        var otherDay = await FileAsync(staff, phone, null, 88.00m, day.AddDays(2));
        var otherCustomer = await FileAsync(staff, TestData.NewPhone(), serial, 1309.52m, day);

        var duplicates = (await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{second.Id}/duplicates"))!;
        var found = Assert.Single(duplicates);
        Assert.Equal((first.Number, "same_serial", 1309.52m, false), (found.Number, found.Reason, found.Amount, found.Linked));
        Assert.Equal("same_amount_day", Assert.Single((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{sameAmountLater.Id}/duplicates"))!,
            d => d.Id == sameAmount.Id).Reason);
        Assert.DoesNotContain((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{otherDay.Id}/duplicates"))!, d => d.Id == sameAmount.Id);
        // The day is China's: 23:30 there (15:30 UTC) is still the 24th, 00:30 (16:30 UTC) the 25th — the database bounds it so.
        var lateEvening = await FileAsync(staff, phone, null, 88.00m, day.AddHours(12.5));
        var pastMidnight = await FileAsync(staff, phone, null, 88.00m, day.AddHours(13.5));
        Assert.Contains((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{lateEvening.Id}/duplicates"))!, d => d.Id == sameAmount.Id);
        Assert.DoesNotContain((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{pastMidnight.Id}/duplicates"))!, d => d.Id == sameAmount.Id);
        Assert.Empty((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{otherCustomer.Id}/duplicates"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/tickets/{Guid.NewGuid()}/duplicates")).StatusCode);

        // Intake flagged the second (not the first), and did not refuse it.
        var timeline = (await staff.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{second.Id}/timeline"))!.Items;
        Assert.Contains(timeline, e => e.Kind == "note" && e.Data!.Contains(first.Number));
        Assert.DoesNotContain((await staff.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{first.Id}/timeline"))!.Items,
            e => e.Kind == "note" && e.Data!.Contains("possibleDuplicates"));

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/tickets/{second.Id}/links", new { other = first.Number, reason = "同一笔重复扣款" })).StatusCode);
        Assert.True(Assert.Single((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{second.Id}/duplicates"))!).Linked);
    }

    private async Task<TicketDto> FileInWordsAsync(HttpClient staff, string phone, string channel, string subject, string description, decimal? amount = null,
        string category = "account_frozen")
    {
        var response = await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel, customer = new { name = "冻结客户", phone }, subject, description, category,
            amount = amount is { } a ? new { value = a, currency = "CNY" } : null,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
    }

    [Fact]
    public async Task Intake_names_the_first_five_earlier_complaints_and_says_there_are_more_while_the_page_lists_them_all()
    {
        var staff = await host.Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var day = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        var earlier = new List<TicketDto>();
        for (var i = 0; i < 7; i++) earlier.Add(await FileAsync(staff, phone, null, 199.00m, day.AddMinutes(i)));
        var latest = await FileAsync(staff, phone, null, 199.00m, day.AddMinutes(30));

        var note = Assert.Single((await staff.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{latest.Id}/timeline"))!.Items,
            e => e.Kind == "note" && e.Data!.Contains("possibleDuplicates"));
        var data = System.Text.Json.Nodes.JsonNode.Parse(note.Data!)!;
        Assert.Equal(earlier.Take(FindDuplicates.NamedAtIntake).Select(t => t.Number), data["possibleDuplicates"]!.AsArray().Select(d => (string)d!["number"]!));
        Assert.True((bool)data["more"]!);
        var listed = (await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{latest.Id}/duplicates"))!;
        Assert.Equal(earlier.Select(t => t.Id).Order(), listed.Select(d => d.Id).Order());

        // Exactly five earlier ones: all named, no "more".
        var fifth = (await staff.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{earlier[5].Id}/timeline"))!.Items
            .Single(e => e.Kind == "note" && e.Data!.Contains("possibleDuplicates"));
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse(fifth.Data!)!["more"]);
    }

    [Fact]
    public async Task A_second_complaint_asking_the_same_thing_in_other_words_is_flagged_unless_the_money_tells_them_apart()
    {
        var staff = await host.Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var inApp = await FileInWordsAsync(staff, phone, "app", "账户被冻结了", "我的账户突然被冻结，钱转不出来，请尽快处理");
        var byPhone = await FileInWordsAsync(staff, phone, "phone", "账号冻结", "账号被冻住了，没法转账，怎么回事");
        var refund = await FileInWordsAsync(staff, phone, "app", "退款没到账", "上周申请的退款到现在还没有到账");
        var someoneElse = await FileInWordsAsync(staff, TestData.NewPhone(), "app", "账户被冻结了", "我的账户突然被冻结，钱转不出来，请尽快处理");

        var found = Assert.Single((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{byPhone.Id}/duplicates"))!);
        Assert.Equal((inApp.Number, "same_question"), (found.Number, found.Reason));
        Assert.Contains((await staff.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{byPhone.Id}/timeline"))!.Items,
            e => e.Kind == "note" && e.Data!.Contains(inApp.Number) && e.Data.Contains("same_question"));
        // Another question of the same customer, and the same words from another customer, are not.
        Assert.Empty((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{refund.Id}/duplicates"))!);
        Assert.Empty((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{someoneElse.Id}/duplicates"))!);

        // Amounts on both decide: the same words about ¥50 and ¥80 are two different debits.
        var phone2 = TestData.NewPhone();
        await FileInWordsAsync(staff, phone2, "app", "账户被冻结了", "我的账户突然被冻结，钱转不出来，请尽快处理", 50m);
        var other = await FileInWordsAsync(staff, phone2, "phone", "账号冻结", "账号被冻住了，没法转账，怎么回事", 80m);
        Assert.Empty((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{other.Id}/duplicates"))!);

        // So do two kinds of problem: the same words filed as a frozen account and as a failed payment are two questions
        // (a walk saw a frozen account flagged as a double debit's duplicate, and merged into it with one click).
        var phone3 = TestData.NewPhone();
        await FileInWordsAsync(staff, phone3, "app", "账户被冻结了", "我的账户突然被冻结，钱转不出来，请尽快处理");
        var failed = await FileInWordsAsync(staff, phone3, "phone", "账号冻结", "账号被冻住了，没法转账，怎么回事", category: "transaction_failure");
        Assert.Empty((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{failed.Id}/duplicates"))!);
        var unsure = await FileInWordsAsync(staff, phone3, "web", "账号冻结", "账号被冻住了，没法转账，怎么回事", category: "other");
        Assert.NotEmpty((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{unsure.Id}/duplicates"))!);
    }

    [Fact]
    public async Task A_frozen_account_typed_with_a_wrong_character_is_filed_as_one_and_not_as_a_double_debits_duplicate()
    {
        // A walk: the customer's "账户被冻洁了" (冻洁 for 冻结) matched no keyword, was filed as "other", and the complaint page
        // offered to merge it into the same customer's double debit. The trained model read it right all along.
        var staff = await host.Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(staff);
        async Task<TicketDto> FileAsync(string subject, string description)
        {
            var response = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject, description });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
        }
        var debit = await FileAsync("重复扣款", "同一笔订单被扣了两次钱");
        Assert.Equal("funds", debit.Category);
        var frozen = await FileAsync("账户被冻洁了", "我的账户被冻洁了，钱转不出来，请尽快处理");
        Assert.Equal("account_frozen", frozen.Category);
        Assert.Empty((await staff.GetFromJsonAsync<List<DuplicateDto>>($"/api/v1/tickets/{frozen.Id}/duplicates"))!);
        // Words no rule and no model can place stay "other".
        Assert.Equal("other", (await FileAsync("你好", "在吗")).Category);
    }

    [Fact]
    public async Task A_customer_opening_a_merged_complaint_is_sent_to_the_one_it_joined()
    {
        // A walk found the customer's merged complaint closed, with nothing pointing to where it went on.
        var staff = await host.Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(staff);
        async Task<TicketDto> FileAsync(string subject)
        {
            var response = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject, description = "我的账户突然被冻结，钱转不出来", category = "account_frozen" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
        }
        var first = await FileAsync("账户被冻结了");
        var second = await FileAsync("账号冻结");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/tickets/{second.Id}/merge", new { into = first.Number, reason = "同一问题" })).StatusCode);
        var page = await customer.GetStringAsync($"/my/tickets/{second.Number}");
        Assert.Contains("data-testid=\"merged-into\"", page);
        Assert.Contains($"href=\"/my/tickets/{first.Number}\"", page);
        Assert.DoesNotContain("data-testid=\"merged-into\"", await customer.GetStringAsync($"/my/tickets/{first.Number}"));
    }
}
