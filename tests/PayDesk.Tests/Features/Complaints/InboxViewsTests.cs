using System.Net;
using System.Net.Http.Json;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

public sealed class InboxViewsTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task Saved_views_and_full_text_search_work_in_the_ticket_list()
    {
        var admin = await host.Factory.AdminClientAsync();
        var (agent, agentId) = await host.NewStaffClientAsync("agent");
        var word = "视图" + Guid.NewGuid().ToString("N")[..6];
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "web", customer = new { name = "卫七", phone = TestData.NewPhone() }, subject = "提现未到账", description = "提现两天还没到",
        })).Content.ReadFromJsonAsync<TicketDto>(ChatTests.Json))!;
        await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = $"内部备注 {word}", visibility = "internal" });

        var unassigned = (await agent.GetFromJsonAsync<PageDto<TicketSummaryDto>>("/api/v1/tickets?view=unassigned&pageSize=100", ChatTests.Json))!;
        Assert.Contains(unassigned.Items, t => t.Id == ticket.Id);
        Assert.Empty((await agent.GetFromJsonAsync<PageDto<TicketSummaryDto>>("/api/v1/tickets?view=mine", ChatTests.Json))!.Items);
        Assert.True((await agent.PostAsync($"/api/v1/tickets/{ticket.Id}/take", null)).IsSuccessStatusCode);
        Assert.Equal(ticket.Id, Assert.Single((await agent.GetFromJsonAsync<PageDto<TicketSummaryDto>>("/api/v1/tickets?view=mine", ChatTests.Json))!.Items).Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.GetAsync("/api/v1/tickets?view=favourites")).StatusCode);

        // Full text: a word only in a staff note finds the complaint for staff.
        var found = (await agent.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={Uri.EscapeDataString(word)}", ChatTests.Json))!;
        Assert.Equal(ticket.Id, Assert.Single(found.Items).Id);
        var byWords = (await agent.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={Uri.EscapeDataString("提现 到账")}&pageSize=100", ChatTests.Json))!;
        Assert.Contains(byWords.Items, t => t.Id == ticket.Id);
    }

    [Fact]
    public async Task A_search_that_finds_nothing_as_typed_shows_the_word_meant_and_says_so()
    {
        var admin = await host.Factory.AdminClientAsync();
        var word = "zq" + string.Concat(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + c % 20)));
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "冯八", phone = TestData.NewPhone() }, subject = "账户被冻结", description = $"账户冻结无法付款 {word}",
            category = "account_frozen",
        })).Content.ReadFromJsonAsync<TicketDto>(ChatTests.Json))!;

        // 冻洁 (typed by sound for 冻结) is in no complaint: the inbox shows what 冻结 finds and names both words.
        var typed = $"冻洁 {word}";
        var inbox = await admin.GetStringAsync("/inbox?q=" + Uri.EscapeDataString(typed));
        Assert.Contains(ticket.Number, inbox);
        Assert.Contains("data-testid=\"inbox-meant\"", inbox);
        Assert.Contains($"已显示“冻结 {word}”的结果", inbox);
        // Found as typed: no second search, no notice. The API searches exactly what it is given.
        var exact = await admin.GetStringAsync("/inbox?q=" + Uri.EscapeDataString($"冻结 {word}"));
        Assert.Contains(ticket.Number, exact);
        Assert.DoesNotContain("inbox-meant", exact);
        Assert.Empty((await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={Uri.EscapeDataString(typed)}", ChatTests.Json))!.Items);
    }

    [Fact]
    public async Task Staff_find_a_colleagues_complaints_by_the_colleagues_name()
    {
        var admin = await host.Factory.AdminClientAsync();
        var name = "坐席" + Guid.NewGuid().ToString("N")[..6];
        var (agent, agentId) = await host.NewStaffClientAsync("agent", name);
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "web", customer = new { name = "蒋十", phone = TestData.NewPhone() }, subject = "提现未到账", description = "提现两天还没到",
        })).Content.ReadFromJsonAsync<TicketDto>(ChatTests.Json))!;
        Assert.True((await agent.PostAsync($"/api/v1/tickets/{ticket.Id}/take", null)).IsSuccessStatusCode);

        var found = (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={Uri.EscapeDataString(name)}", ChatTests.Json))!;
        Assert.Equal(ticket.Id, Assert.Single(found.Items).Id);
        Assert.Contains(ticket.Number, await admin.GetStringAsync("/inbox?q=" + Uri.EscapeDataString(name)));
    }

    [Fact]
    public async Task A_link_to_an_owner_who_does_not_exist_shows_the_whole_inbox_and_says_so()
    {
        var admin = await host.Factory.AdminClientAsync();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "web", customer = new { name = "褚九", phone = TestData.NewPhone() }, subject = "提现未到账", description = "提现三天还没到",
        })).Content.ReadFromJsonAsync<TicketDto>(ChatTests.Json))!;
        var page = await admin.GetStringAsync($"/inbox?owner={Guid.NewGuid()}");
        Assert.Contains("data-testid=\"inbox-unknown-owner\"", page);
        Assert.Contains(ticket.Number, page);
        Assert.DoesNotContain("inbox-unknown-owner", await admin.GetStringAsync("/inbox?owner=unassigned"));
    }

    [Fact]
    public async Task A_reply_goes_out_on_the_channel_the_agent_picks()
    {
        var admin = await host.Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "web", customer = new { name = "蒋八", phone }, subject = "退款进度", description = "退款进度如何",
        })).Content.ReadFromJsonAsync<TicketDto>(ChatTests.Json))!;
        var sms = await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "您的退款申请正在核实，预计 3 个工作日内答复。", notify = new[] { "sms" } });
        Assert.Equal(HttpStatusCode.Created, sms.StatusCode);
        await host.Factory.DispatchNotificationsAsync();
        Assert.Contains(host.Factory.Outbox("sms"), m => m.To == phone[..3] + "****" + phone[^4..] && m.Body.Contains("预计 3 个工作日内答复"));

        var noEmail = await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "邮件回复", notify = new[] { "email" } });
        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        var internalWithChannel = await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "备注", visibility = "internal", notify = new[] { "sms" } });
        Assert.Equal(HttpStatusCode.BadRequest, internalWithChannel.StatusCode);
    }
}
