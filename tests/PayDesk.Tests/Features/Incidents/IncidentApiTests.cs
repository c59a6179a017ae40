using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Complaints;
using PayDesk.Features.Customers;
using PayDesk.Features.Incidents;
using PayDesk.Features.Notifications;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Incidents;

/// <summary>
/// Incidents through the API (issue 20 acceptance): 200 complaints linked in bulk, one update reaches each customer once on the
/// customer's own channel through the outbox, resolving proposes a solution on each, and the clocks follow the policy.
/// </summary>
public abstract class IncidentApiTests(IncidentHost host)
{
    private PayDeskFactory Factory => host.Factory;

    public sealed record IncidentDto(Guid Id, string Number, string Title, string Status, string ClockPolicy, int Complaints, DateTime StartedAt,
        DateTime? DetectedAt, DateTime? FirstAnnouncedAt, DateTime? ResolvedAt, Guid? SuggestionId);

    public sealed record BulkDto(int Matching, int Linked, int Limit);

    public sealed record UpdateResultDto(IncidentDto Incident, UpdateDto Update, int SolutionsProposed);

    public sealed record UpdateDto(Guid Id, string Text, bool SentToCustomers, int CustomersNotified, int ComplaintsAnswered);

    public sealed record LinkedDto(Guid TicketId, string Number, string Status, string LinkedBy);

    private static readonly TicketChannel[] Channels = [TicketChannel.Phone, TicketChannel.Email, TicketChannel.App, TicketChannel.Web, TicketChannel.WeChat];

    /// <summary>
    /// 200 complaints about one bank's transfers from 120 customers (40 of them complain three times), on five channels, through
    /// intake itself (numbers, clocks, acknowledgements) but without 200 HTTP round trips. Half of the customers whose latest
    /// complaint came by WeChat are known on WeChat (their open id, as a WeChat message leaves it): <c>WeChat</c> maps them to it.
    /// </summary>
    private async Task<(List<Guid> Ids, Dictionary<Guid, string> WeChat)> FileFloodAsync(string token, string bankWords)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var directory = sp.GetRequiredService<CustomerDirectory>();
        var numbers = sp.GetRequiredService<TicketNumberAllocator>();
        var lifecycle = sp.GetRequiredService<LifecycleServices>();
        var customers = new List<Customer>();
        var wechat = new Dictionary<Guid, string>();
        var now = DateTime.UtcNow;
        for (var c = 0; c < 120; c++)
        {
            var phone = TestData.NewPhone();
            var customer = directory.Add($"客户{c}", phone, null, $"f{phone}@example.cn", CustomerKind.Consumer);
            customers.Add(customer);
            // Customer c's latest complaint is number c (c ≥ 40) or 160 + c (c < 40): by WeChat when c % 5 == 4.
            if (c % 10 == 4)
            {
                var openId = "oFlood" + token + c;
                db.ChannelIdentities.Add(new PayDesk.Features.Channels.ChannelIdentity { Channel = TicketChannel.WeChat, ExternalUserId = openId, CustomerId = customer.Id, CreatedAt = now });
                wechat[customer.Id] = openId;
            }
        }
        var ids = new List<Guid>();
        for (var j = 0; j < 200; j++)
        {
            var customer = customers[j < 120 ? j : (j - 120) % 40];
            var ticket = await CreateTicket.OpenAsync(db, numbers, lifecycle, customer,
                new CreateTicket.Draft(Channels[j % Channels.Length], $"{bankWords}转账一直处理中 {token}", $"第 {j} 笔转账到{bankWords}一直处理中", TicketCategory.TransactionFailure),
                Actor.System, now.AddSeconds(j - 200), CancellationToken.None);
            ids.Add(ticket.Id);
            if (j % 50 == 49) await db.SaveChangesAsync();
        }
        return (ids, wechat);
    }

    private async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static async Task<T> OkAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    [Fact]
    public async Task An_update_told_to_every_linked_customer_may_not_say_money_was_refunded()
    {
        // An outside review: an incident's update and its resolution reached every linked customer without the check every
        // reply passes ("已为您原路退款" while no refund on those complaints was approved).
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "故障主管");
        var incident = await OkAsync<IncidentDto>(await supervisor.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "光大银行扣款异常", bank = "CEB", category = "transaction_failure", startedAt = DateTimeOffset.UtcNow.AddMinutes(-30),
        }), HttpStatusCode.Created);
        const string claim = "通道已恢复，重复扣款已为您原路退款。";
        foreach (var body in new object[] { new { text = claim, toCustomers = true }, new { text = claim, status = "resolved" } })
        {
            var refused = await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/updates", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("\"text\"", await refused.Content.ReadAsStringAsync());
        }
        // Kept internal, the same words are a note for staff; and customers may be told the channel is back.
        await OkAsync<UpdateResultDto>(await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/updates", new { text = claim, toCustomers = false }));
        await OkAsync<UpdateResultDto>(await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/updates", new { text = "通道已恢复，多扣款项将逐笔核实后处理。", status = "resolved" }));
    }

    [Fact]
    public async Task A_complaint_whose_words_name_no_bank_takes_the_bank_of_the_customers_cards()
    {
        // A walk: an incident scoped to 建设银行 linked none of the complaints of customers paying with its cards, because a
        // complaint's bank came only from its words ("银行卡被扣了两次" names none).
        var admin = await Factory.AdminClientAsync();
        var (customer, customerId) = await host.NewCustomerClientAsync(admin);
        Assert.True((await admin.PostAsJsonAsync($"/api/v1/customers/{customerId}/cards", new { number = "6217000010012345677", bankName = "中国建设银行" })).IsSuccessStatusCode);
        var filed = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "银行卡被扣了两次", description = "同一笔订单扣了两次钱", category = "funds" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (await filed.Content.ReadFromJsonAsync<TicketDto>())!.Id;
        Assert.Equal("CCB", await InDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Bank).SingleAsync()));
        // Cards of two banks say nothing about which one: no bank.
        Assert.True((await admin.PostAsJsonAsync($"/api/v1/customers/{customerId}/cards", new { number = "6222020200112233446", bankName = "工商银行" })).IsSuccessStatusCode);
        var second = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "支付失败", description = "付款一直失败", category = "transaction_failure" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Null(await InDbAsync(db => db.Tickets.Where(t => t.Id == second.Id).Select(t => t.Bank).SingleAsync()));
    }

    [Fact]
    public async Task Two_hundred_linked_complaints_get_one_notice_per_customer_on_their_own_channel_and_a_proposed_solution_each_with_clocks_held_meanwhile()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "值班主管");
        var token = TestData.Token();
        var (ids, wechat) = await FileFloodAsync(token, "招行");
        Assert.Equal(12, wechat.Count);
        Assert.All(await InDbAsync(db => db.Tickets.Where(t => ids.Contains(t.Id)).Select(t => t.Bank).ToListAsync()), b => Assert.Equal("CMB", b));

        var incident = await OkAsync<IncidentDto>(await supervisor.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "招商银行转账通道故障", bank = "CMB", category = "transaction_failure", clockPolicy = "pause_resolution",
            startedAt = DateTimeOffset.UtcNow.AddMinutes(-30), expectedFixAt = DateTimeOffset.UtcNow.AddHours(2),
        }), HttpStatusCode.Created);
        Assert.Matches(@"^INC-\d{8}-\d{4}$", incident.Number);
        Assert.Equal("investigating", incident.Status);

        // Bulk link from a search: preview first, then link every one.
        var search = new { bank = "CMB", category = "transaction_failure", text = token, from = DateTimeOffset.UtcNow.AddHours(-1) };
        var preview = await OkAsync<BulkDto>(await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/complaints/bulk", new
        {
            search.bank, search.category, search.text, search.from, preview = true,
        }));
        Assert.Equal((200, 0), (preview.Matching, preview.Linked));
        var linked = await OkAsync<BulkDto>(await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/complaints/bulk", search));
        Assert.Equal((200, 200), (linked.Matching, linked.Linked));
        var page = await supervisor.GetFromJsonAsync<PageDto<LinkedDto>>($"/api/v1/incidents/{incident.Id}/complaints?pageSize=100");
        Assert.Equal(200, page!.Total);
        Assert.Equal(100, page.Items.Count);
        Assert.All(page.Items, l => Assert.Equal("bulk", l.LinkedBy));

        // PauseResolution: every resolution clock is held, the first-response clocks still run.
        var resolution = await InDbAsync(db => db.SlaClocks.Where(c => ids.Contains(c.TicketId) && c.Kind == ClockKind.Resolution).Select(c => c.Status).ToListAsync());
        Assert.Equal(200, resolution.Count);
        Assert.All(resolution, s => Assert.Equal(ClockStatus.Paused, s));

        // One update to customers: exactly one notice per customer, on the channel of the customer's latest complaint (WeChat
        // when the customer is known there, else the app).
        var before = await InDbAsync(db => db.Notifications.CountAsync());
        var text = $"招商银行转账通道故障，已定位原因，预计两小时内恢复，款项不会丢失。{token}";
        var posted = await OkAsync<UpdateResultDto>(await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/updates",
            new { text, status = "identified", toCustomers = true }));
        Assert.Equal((120, 200), (posted.Update.CustomersNotified, posted.Update.ComplaintsAnswered));
        Assert.NotNull(posted.Incident.FirstAnnouncedAt);
        Assert.Equal("identified", posted.Incident.Status);
        var notices = await InDbAsync(db => db.Notifications.Where(n => n.TemplateKey == DefaultTemplates.IncidentUpdate && ids.Contains(n.TicketId!.Value))
            .Select(n => new { n.CustomerId, n.Channel, n.TicketId, n.Body }).ToListAsync());
        Assert.Equal(before + 120, await InDbAsync(db => db.Notifications.CountAsync()));
        Assert.Equal(120, notices.Count);
        Assert.Equal(120, notices.Select(n => n.CustomerId).Distinct().Count());
        var tickets = await InDbAsync(db => db.Tickets.Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.CustomerId, t.Channel, t.CreatedAt, t.Number }).ToListAsync());
        foreach (var n in notices)
        {
            var mine = tickets.Where(t => t.CustomerId == n.CustomerId).OrderBy(t => t.CreatedAt).ThenBy(t => t.Number).ToList();
            var expected = mine[^1].Channel switch
            {
                TicketChannel.Phone => NotificationChannel.Sms,
                TicketChannel.Email => NotificationChannel.Email,
                TicketChannel.WeChat when wechat.ContainsKey(n.CustomerId) => NotificationChannel.Social,
                _ => NotificationChannel.InApp,
            };
            Assert.Equal(expected, n.Channel);
            Assert.Contains(token, n.Body);
            // A customer with three complaints hears once, with all three numbers.
            Assert.All(mine, t => Assert.Contains(t.Number, n.Body));
        }
        Assert.Equal(40, tickets.GroupBy(t => t.CustomerId).Count(g => g.Count() == 3));
        // The WeChat customers (four of them with three complaints) hear on WeChat and nowhere else; the other 12 whose latest
        // complaint came by WeChat have no WeChat identity, so the app carries theirs.
        Assert.Equal(wechat.Keys.Order(), notices.Where(n => n.Channel == NotificationChannel.Social).Select(n => n.CustomerId).Order());
        Assert.Equal(4, wechat.Keys.Count(c => tickets.Count(t => t.CustomerId == c) == 3));
        Assert.Equal(12, notices.Count(n => n.Channel == NotificationChannel.InApp && tickets.Where(t => t.CustomerId == n.CustomerId).MaxBy(t => t.CreatedAt)!.Channel == TicketChannel.WeChat));
        // Each complaint got the update as a public message.
        Assert.Equal(200, await InDbAsync(db => db.TicketMessages.CountAsync(m => ids.Contains(m.TicketId) && m.Visibility == MessageVisibility.Public && m.Body == text)));
        // The outbox sends them: the SMS gateway's file gets one per SMS customer.
        // The outbox sends in batches (the flood's acknowledgements are queued first): drain it.
        for (var round = 0; round < 50 && await Factory.DispatchNotificationsAsync() > 0; round++) { }
        Assert.Equal(notices.Count(n => n.Channel == NotificationChannel.Sms), Factory.Outbox("sms").Count(m => m.Body.Contains("关于您反映的问题")));
        // …and WeChat's customer-service API gets exactly one message per WeChat customer, to that customer's open id.
        var onWeChat = host.WeChat.Sent.Select(m => (User: m.GetProperty("touser").GetString()!, Text: m.GetProperty("text").GetProperty("content").GetString()!))
            .Where(m => m.Text.Contains(token) && m.Text.Contains("关于您反映的问题")).ToList();
        Assert.Equal(wechat.Values.Order(), onWeChat.Select(m => m.User).Order());
        Assert.Equal(12, await InDbAsync(db => db.Notifications.CountAsync(n => n.TemplateKey == DefaultTemplates.IncidentUpdate && n.Channel == NotificationChannel.Social
            && ids.Contains(n.TicketId!.Value) && n.Status == DeliveryStatus.Sent)));

        // An internal note reaches nobody.
        var note = await OkAsync<UpdateResultDto>(await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/updates", new { text = "内部：已联系招行技术", toCustomers = false }));
        Assert.False(note.Update.SentToCustomers);
        Assert.Equal(120, await InDbAsync(db => db.Notifications.CountAsync(n => n.TemplateKey == DefaultTemplates.IncidentUpdate && ids.Contains(n.TicketId!.Value))));

        // Resolving: each complaint has a proposed solution for its customer to confirm, and its resolution clock, no longer
        // held by the incident, waits for the customer's word (as any proposed solution's does).
        var resolved = await OkAsync<UpdateResultDto>(await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/updates",
            new { text = "招行通道已恢复，处理中的转账已全部到账。", status = "resolved" }));
        Assert.Equal(200, resolved.SolutionsProposed);
        Assert.Equal((120, 200), (resolved.Update.CustomersNotified, resolved.Update.ComplaintsAnswered));
        Assert.Equal("resolved", resolved.Incident.Status);
        Assert.NotNull(resolved.Incident.ResolvedAt);
        var after = await InDbAsync(db => db.Tickets.Where(t => ids.Contains(t.Id)).Select(t => t.Status).ToListAsync());
        Assert.All(after, s => Assert.Equal(TicketStatus.SolutionProposed, s));
        var running = await InDbAsync(db => db.SlaClocks.Where(c => ids.Contains(c.TicketId) && c.Kind == ClockKind.Resolution).Select(c => c.Status).ToListAsync());
        Assert.All(running, s => Assert.Equal(ClockStatus.Paused, s));
        // Each complaint's proposal is told by the workflow's usual notice (on the customer's usual channels).
        Assert.Equal(200, await InDbAsync(db => db.Notifications.Where(n => n.TemplateKey == DefaultTemplates.SolutionProposed && ids.Contains(n.TicketId!.Value)).Select(n => n.TicketId).Distinct().CountAsync()));

        // A resolved incident takes no more customer updates.
        var refused = await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/updates", new { text = "再通知一次", toCustomers = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Intake_links_a_matching_complaint_and_holds_or_keeps_its_clock_as_the_policy_says_and_late_complaints_get_the_summary()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "值班主管");
        var (agent, _) = await host.NewStaffClientAsync("agent", "坐席");
        var held = await OkAsync<IncidentDto>(await supervisor.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "工商银行快捷支付失败", bank = "ICBC", category = "transaction_failure", clockPolicy = "pause_resolution",
        }), HttpStatusCode.Created);
        var kept = await OkAsync<IncidentDto>(await supervisor.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "浦发银行提现延迟", bank = "SPDB", clockPolicy = "keep", isPublic = true, publicSummary = "浦发银行提现通道已恢复，延迟的提现已全部到账。",
        }), HttpStatusCode.Created);

        async Task<TicketDto> FileAsync(string subject)
        {
            var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel = "phone", subject, description = subject + "，请尽快处理", category = "transaction_failure",
                customer = new { name = "张三", phone = TestData.NewPhone() },
            });
            return await OkAsync<TicketDto>(created, HttpStatusCode.Created);
        }
        async Task<ClockStatus> ResolutionClockAsync(Guid ticketId) =>
            await InDbAsync(db => db.SlaClocks.Where(c => c.TicketId == ticketId && c.Kind == ClockKind.Resolution).Select(c => c.Status).SingleAsync());
        async Task<List<string>> LinksAsync(Guid ticketId) =>
            await InDbAsync(db => db.Set<IncidentComplaint>().Where(l => l.TicketId == ticketId).Select(l => l.LinkedBy).ToListAsync());

        var icbc = await FileAsync("工行快捷支付一直失败");
        Assert.Equal(["intake"], await LinksAsync(icbc.Id));
        Assert.Equal(ClockStatus.Paused, await ResolutionClockAsync(icbc.Id));
        var spdb = await FileAsync("浦发提现三天没到");
        Assert.Equal(["intake"], await LinksAsync(spdb.Id));
        Assert.Equal(ClockStatus.Running, await ResolutionClockAsync(spdb.Id));
        var other = await FileAsync("建行转账失败");
        Assert.Empty(await LinksAsync(other.Id));

        // The agent unlinks: the held clock runs again. Linking by hand holds it again — a supervisor's decision: an agent
        // could otherwise stop their own late complaint's clock.
        Assert.Equal(HttpStatusCode.OK, (await agent.DeleteAsync($"/api/v1/incidents/{held.Id}/complaints/{icbc.Id}")).StatusCode);
        Assert.Equal(ClockStatus.Running, await ResolutionClockAsync(icbc.Id));
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync($"/api/v1/incidents/{held.Id}/complaints", new { ticket = icbc.Number })).StatusCode);
        Assert.Equal(ClockStatus.Running, await ResolutionClockAsync(icbc.Id));
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/v1/incidents/{held.Id}/complaints", new { ticket = icbc.Number })).StatusCode);
        Assert.Equal(["manual"], await LinksAsync(icbc.Id));
        Assert.Equal(ClockStatus.Paused, await ResolutionClockAsync(icbc.Id));
        var twice = await supervisor.PostAsJsonAsync($"/api/v1/incidents/{held.Id}/complaints", new { ticket = icbc.Number });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);

        // Resolved: a complaint filed afterwards in its scope gets the public summary as a reply at once.
        var done = await OkAsync<UpdateResultDto>(await supervisor.PostAsJsonAsync($"/api/v1/incidents/{kept.Id}/updates", new { text = "已恢复", status = "resolved" }));
        Assert.Equal(1, done.SolutionsProposed);
        var late = await FileAsync("浦发银行提现还没到账");
        var messages = await InDbAsync(db => db.TicketMessages.Where(m => m.TicketId == late.Id && m.Visibility == MessageVisibility.Public).Select(m => m.Body).ToListAsync());
        Assert.Contains("浦发银行提现通道已恢复，延迟的提现已全部到账。", messages);
        Assert.Equal(ClockStatus.Running, await ResolutionClockAsync(late.Id));
    }

    [Fact]
    public async Task Confirming_a_suggestion_opens_an_incident_with_its_scope_and_detection_time_and_links_its_complaints()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "值班主管");
        var token = TestData.Token();
        var ids = new List<Guid>();
        var agent = (await host.NewStaffClientAsync("agent")).Client;
        for (var i = 0; i < 3; i++)
        {
            var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel = "app", subject = $"转账到光大银行一直处理中 {token}", description = "已经两个小时了", category = "transaction_failure",
                customer = new { name = "李四", phone = TestData.NewPhone() },
            });
            ids.Add((await OkAsync<TicketDto>(created, HttpStatusCode.Created)).Id);
        }
        var detected = DateTime.UtcNow.AddMinutes(-1);
        var suggestion = new IncidentSuggestion
        {
            DetectedAt = detected, WindowStart = DateTime.UtcNow.AddMinutes(-10), WindowEnd = detected, Category = TicketCategory.TransactionFailure,
            Bank = "CEB", Observed = 3, Expected = 0.2, PValue = 0.001, Title = "光大银行转账处理中激增", SampleText = "转账到光大银行一直处理中",
        };
        var dismissed = new IncidentSuggestion { DetectedAt = detected, WindowStart = detected, WindowEnd = detected, Bank = "HXB", Title = "华夏银行", Observed = 2, Expected = 1 };
        await InDbAsync(async db =>
        {
            db.AddRange(suggestion, dismissed);
            return await db.SaveChangesAsync();
        });
        var board = await supervisor.GetFromJsonAsync<PageDto<IncidentSuggestionDto>>("/api/v1/incidents/suggestions");
        Assert.Contains(board!.Items, s => s.Id == suggestion.Id);

        var incident = await OkAsync<IncidentDto>(await supervisor.PostAsync($"/api/v1/incidents/suggestions/{suggestion.Id}/confirm", null), HttpStatusCode.Created);
        Assert.Equal(suggestion.Id, incident.SuggestionId);
        Assert.Equal(detected, incident.DetectedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.True(incident.Complaints >= 3);
        var linkedIds = await InDbAsync(db => db.Set<IncidentComplaint>().Where(l => l.IncidentId == incident.Id).Select(l => l.TicketId).ToListAsync());
        Assert.All(ids, id => Assert.Contains(id, linkedIds));
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsync($"/api/v1/incidents/suggestions/{suggestion.Id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync($"/api/v1/incidents/suggestions/{dismissed.Id}/dismiss", null)).StatusCode);
        board = await supervisor.GetFromJsonAsync<PageDto<IncidentSuggestionDto>>("/api/v1/incidents/suggestions");
        Assert.DoesNotContain(board!.Items, s => s.Id == suggestion.Id || s.Id == dismissed.Id);

        // The report counts it, with its time to detect; the CSV has a row for it.
        var report = await supervisor.GetFromJsonAsync<ReportDto>("/api/v1/incidents/report");
        var row = Assert.Single(report!.Incidents, r => r.Number == incident.Number);
        Assert.InRange(row.MinutesToDetect!.Value, 8, 10);
        Assert.True(report.ComplaintsLinked >= 3);
        var csv = await supervisor.GetStringAsync("/api/v1/incidents/report?format=csv");
        Assert.Contains(incident.Number, csv);
        Assert.Contains("number,title,status,started_at,complaints,minutes_to_detect", csv);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_problems_and_agents_cannot_open_incidents()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        var (agent, _) = await host.NewStaffClientAsync("agent");
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/v1/incidents", new { title = "无范围" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/v1/incidents", new { title = "x", bank = "NOPE" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/v1/incidents", new { title = "x", bank = "CMB", isPublic = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/incidents", new { title = "x", bank = "CMB" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/incidents/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync($"/api/v1/incidents/{Guid.NewGuid()}/updates", new { text = "x" })).StatusCode);
        var incident = await OkAsync<IncidentDto>(await supervisor.PostAsJsonAsync("/api/v1/incidents", new { title = "x", bank = "CMB" }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/complaints/bulk", new { preview = true })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/complaints/bulk", new { bank = "CMB", max = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync($"/api/v1/incidents/{incident.Id}/updates", new { text = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/v1/incidents?status=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/v1/incidents/report?from=2026-13-01")).StatusCode);
    }

    public sealed record IncidentSuggestionDto(Guid Id, string Title, string Status);

    public sealed record ReportRowDto(string Number, int Complaints, double? MinutesToDetect, double? MinutesToFirstAnnouncement, double? MinutesToResolve);

    public sealed record ReportDto(List<ReportRowDto> Incidents, int ComplaintsLinked, int ComplaintsUnlinked);
}

/// <summary>The incident tests' host, with WeChat's API stood in for on loopback so that notices to WeChat customers go out on WeChat.</summary>
public abstract class IncidentHost : HostFixture
{
    private readonly Dictionary<string, string?> _settings;

    protected IncidentHost(Provider provider) : this(provider, []) { }

    private IncidentHost(Provider provider, Dictionary<string, string?> settings) : base(provider, settings) => _settings = settings;

    public WeChatMediaStub WeChat { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        WeChat = await WeChatMediaStub.StartAsync();
        WeChat.Configure(_settings);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (WeChat is not null) await WeChat.DisposeAsync();
    }
}

public sealed class IncidentSqliteHost() : IncidentHost(Provider.Sqlite);

public sealed class IncidentPostgresHost() : IncidentHost(Provider.Postgres);

public sealed class IncidentApiSqliteTests(IncidentSqliteHost host) : IncidentApiTests(host), IClassFixture<IncidentSqliteHost>;

public sealed class IncidentApiPostgresTests(IncidentPostgresHost host) : IncidentApiTests(host), IClassFixture<IncidentPostgresHost>;

/// <summary>A host on a test clock, so that the incident report's times are exact.</summary>
public abstract class ClockedIncidentHost(Provider provider, FakeTimeProvider clock)
    : HostFixture(provider, services: s => s.AddSingleton<TimeProvider>(clock))
{
    /// <summary>10:00 Beijing time on 10 November 2026.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock => clock;
}

public sealed class ClockedIncidentSqliteHost() : ClockedIncidentHost(Provider.Sqlite, new FakeTimeProvider(Start));

public sealed class ClockedIncidentPostgresHost() : ClockedIncidentHost(Provider.Postgres, new FakeTimeProvider(Start));

/// <summary>
/// Intake compares every new complaint with the open incidents from a copy this instance keeps (issue 21 item 8): a save here
/// refreshes it at once; a change it never saw (another node, a bulk update) counts after <see cref="IntakeIncidents.MaxAge"/>.
/// </summary>
public sealed class IntakeIncidentCacheTests(ClockedIncidentSqliteHost host) : IClassFixture<ClockedIncidentSqliteHost>
{
    [Fact]
    public async Task A_declared_incident_links_the_next_complaint_at_once_and_one_resolved_elsewhere_stops_linking_after_two_seconds()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "值班主管");
        var (agent, _) = await host.NewStaffClientAsync("agent", "坐席");
        async Task<List<Guid>> LinkedAsync(string subject)
        {
            var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel = "app", subject, description = subject + "，请尽快处理", category = "transaction_failure",
                customer = new { name = "钱七", phone = TestData.NewPhone() },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<TicketDto>())!.Id;
            await using var scope = host.Factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<IncidentComplaint>()
                .Where(l => l.TicketId == id).Select(l => l.IncidentId).ToListAsync();
        }

        Assert.Empty(await LinkedAsync("工商银行转账一直失败")); // the copy is loaded, with no incident in it
        var response = await supervisor.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "工商银行转账失败", bank = "ICBC", category = "transaction_failure", clockPolicy = "keep",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incident = (await response.Content.ReadFromJsonAsync<IncidentApiTests.IncidentDto>())!.Id;
        Assert.Equal([incident], await LinkedAsync("工商银行转账还是失败"));

        // Resolved by a write this instance's change tracker never saw: the copy links until it is two seconds old.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var now = host.Clock.GetUtcNow().UtcDateTime;
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Incident>().Where(i => i.Id == incident)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, IncidentStatus.Resolved).SetProperty(i => i.ResolvedAt, now));
        }
        Assert.Equal([incident], await LinkedAsync("工商银行转账又失败了"));
        host.Clock.Advance(IntakeIncidents.MaxAge);
        Assert.Empty(await LinkedAsync("工商银行转账第四次失败"));
    }
}

/// <summary>
/// 故障报表 (issue 20, item 5) on a test clock: per incident its complaint count and the minutes from the failure's start to
/// detection, to the first thing customers were told (a notice to the linked customers, or the incident going public on the
/// help centre) and to resolution; and the day's complaints linked to an incident or not. Every figure is exact.
/// </summary>
public abstract class IncidentReportTests(ClockedIncidentHost host)
{
    private PayDeskFactory Factory => host.Factory;

    private static async Task<T> OkAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private HttpClient _supervisor = null!, _agent = null!;

    /// <summary>Sets the test clock; staff sign in afresh, as a bearer token lasts an hour.</summary>
    private async Task AtAsync(int minutes)
    {
        var target = ClockedIncidentHost.Start.AddMinutes(minutes);
        Assert.True(target >= host.Clock.GetUtcNow(), "the test clock only moves forward");
        host.Clock.SetUtcNow(target);
        _supervisor = (await host.NewStaffClientAsync("supervisor", "值班主管")).Client;
        _agent = (await host.NewStaffClientAsync("agent", "坐席")).Client;
    }

    [Fact]
    public async Task The_report_gives_each_incidents_complaints_and_minutes_to_detect_announce_and_resolve_and_the_days_linked_and_unlinked_complaints()
    {
        var start = ClockedIncidentHost.Start;
        async Task<TicketDto> FileAsync(string subject, string category) => await OkAsync<TicketDto>(await _agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", subject, description = subject + "，请尽快处理", category, customer = new { name = "王五", phone = TestData.NewPhone() },
        }), HttpStatusCode.Created);
        async Task<IncidentApiTests.UpdateResultDto> PostAsync(Guid id, object update) =>
            await OkAsync<IncidentApiTests.UpdateResultDto>(await _supervisor.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", update));

        // A: opened by hand at 10:00, the failure having started at 09:40 (20 minutes to detect).
        await AtAsync(0);
        var a = await OkAsync<IncidentApiTests.IncidentDto>(await _supervisor.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "招商银行转账失败", bank = "CMB", category = "transaction_failure", startedAt = start.AddMinutes(-20), expectedFixAt = start.AddHours(2),
        }), HttpStatusCode.Created);
        Assert.Null(a.FirstAnnouncedAt);
        // Three complaints in its scope are linked at intake; a fund complaint about the same bank is linked by hand; another
        // bank's transfer is no part of it.
        await AtAsync(5);
        for (var i = 0; i < 3; i++) await FileAsync("招行转账一直失败", "transaction_failure");
        var byHand = await FileAsync("招行转账扣款了但没到账", "funds");
        await FileAsync("建行转账失败", "transaction_failure");
        Assert.Equal(HttpStatusCode.OK, (await _supervisor.PostAsJsonAsync($"/api/v1/incidents/{a.Id}/complaints", new { ticket = byHand.Number })).StatusCode);
        // An internal note tells no customer; the first notice to customers goes out at 10:25.
        await AtAsync(15);
        Assert.Null((await PostAsync(a.Id, new { text = "内部：已联系招行", toCustomers = false })).Incident.FirstAnnouncedAt);
        await AtAsync(25);
        var told = await PostAsync(a.Id, new { text = "招行转账通道故障，预计两小时内恢复。", status = "identified", toCustomers = true });
        Assert.Equal((4, 4), (told.Update.CustomersNotified, told.Update.ComplaintsAnswered));
        Assert.Equal(start.AddMinutes(25).UtcDateTime, told.Incident.FirstAnnouncedAt);
        await AtAsync(100);
        var resolved = await PostAsync(a.Id, new { text = "招行通道已恢复。", status = "resolved" });
        Assert.Equal(start.AddMinutes(100).UtcDateTime, resolved.Incident.ResolvedAt);
        Assert.Equal(start.AddMinutes(25).UtcDateTime, resolved.Incident.FirstAnnouncedAt);

        // B: the detector saw it at 12:07 in a window from 12:00; confirmed at 12:10; made public at 12:22 before any notice
        // was sent — the help centre's notice is its first announcement; a later notice to customers does not move it.
        await AtAsync(122);
        for (var i = 0; i < 2; i++) await FileAsync("工行快捷支付失败", "transaction_failure");
        var suggestion = new IncidentSuggestion
        {
            DetectedAt = start.AddMinutes(127).UtcDateTime, WindowStart = start.AddMinutes(120).UtcDateTime, WindowEnd = start.AddMinutes(127).UtcDateTime,
            Category = TicketCategory.TransactionFailure, Bank = "ICBC", Observed = 2, Expected = 0.1, PValue = 0.005, Title = "工商银行快捷支付失败激增",
        };
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(suggestion);
            await db.SaveChangesAsync();
        }
        await AtAsync(130);
        var b = await OkAsync<IncidentApiTests.IncidentDto>(await _supervisor.PostAsync($"/api/v1/incidents/suggestions/{suggestion.Id}/confirm", null), HttpStatusCode.Created);
        Assert.Equal(2, b.Complaints);
        await AtAsync(142);
        Assert.Equal(HttpStatusCode.BadRequest, (await _supervisor.PutAsJsonAsync($"/api/v1/incidents/{b.Id}/public", new { isPublic = true })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _supervisor.PutAsJsonAsync($"/api/v1/incidents/{b.Id}/public",
            new { isPublic = true, publicSummary = "工行快捷支付故障", expectedFixAt = start.AddMinutes(60) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _agent.PutAsJsonAsync($"/api/v1/incidents/{b.Id}/public", new { isPublic = true, publicSummary = "x" })).StatusCode);
        Assert.Null((await _supervisor.GetFromJsonAsync<IncidentApiTests.IncidentDto>($"/api/v1/incidents/{b.Id}"))!.FirstAnnouncedAt);
        var published = await OkAsync<IncidentApiTests.IncidentDto>(await _supervisor.PutAsJsonAsync($"/api/v1/incidents/{b.Id}/public",
            new { isPublic = true, publicSummary = "工商银行快捷支付暂时失败，款项不会丢失。", expectedFixAt = start.AddMinutes(240) }));
        Assert.Equal(start.AddMinutes(142).UtcDateTime, published.FirstAnnouncedAt);
        var notices = (await Factory.CreateClient().GetFromJsonAsync<List<JsonElement>>("/api/v1/announcements/public?placement=help_centre&culture=zh-CN"))!;
        Assert.Contains(notices, n => n.GetProperty("body").GetString() == "工商银行快捷支付暂时失败，款项不会丢失。"
            && n.GetProperty("expectedFixAt").GetDateTime() == start.AddMinutes(240).UtcDateTime);
        await AtAsync(150);
        Assert.Equal(start.AddMinutes(142).UtcDateTime, (await PostAsync(b.Id, new { text = "工行正在处理。", toCustomers = true })).Incident.FirstAnnouncedAt);

        // C: opened public at 12:40 for a failure from 12:30 — announced as it opened. It has no complaints.
        await AtAsync(160);
        var c = await OkAsync<IncidentApiTests.IncidentDto>(await _supervisor.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "农业银行提现延迟", bank = "ABC", startedAt = start.AddMinutes(150), isPublic = true, publicSummary = "农业银行提现延迟，正在处理。",
        }), HttpStatusCode.Created);
        Assert.Equal(start.AddMinutes(160).UtcDateTime, c.FirstAnnouncedAt);

        var report = (await _supervisor.GetFromJsonAsync<IncidentApiTests.ReportDto>("/api/v1/incidents/report?from=2026-11-10&to=2026-11-10"))!;
        Assert.Equal(
            new IncidentApiTests.ReportRowDto[] { new(c.Number, 0, 10, 10, null), new(b.Number, 2, 7, 22, null), new(a.Number, 4, 20, 45, 120) },
            report.Incidents);
        // Seven complaints that day: A's four and B's two linked, the other bank's one not.
        Assert.Equal((6, 1), (report.ComplaintsLinked, report.ComplaintsUnlinked));
        var csv = await _supervisor.GetStringAsync("/api/v1/incidents/report?from=2026-11-10&to=2026-11-10&format=csv");
        Assert.Contains("minutes_to_first_announcement,minutes_to_resolve", csv);
        Assert.Contains(",4,20,45,120", csv.Split('\n').Single(l => l.StartsWith(a.Number)));
        // The day before has none of it.
        var before = (await _supervisor.GetFromJsonAsync<IncidentApiTests.ReportDto>("/api/v1/incidents/report?from=2026-11-09&to=2026-11-09"))!;
        Assert.Equal((0, 0, 0), (before.Incidents.Count, before.ComplaintsLinked, before.ComplaintsUnlinked));
    }
}

public sealed class IncidentReportSqliteTests(ClockedIncidentSqliteHost host) : IncidentReportTests(host), IClassFixture<ClockedIncidentSqliteHost>;

public sealed class IncidentReportPostgresTests(ClockedIncidentPostgresHost host) : IncidentReportTests(host), IClassFixture<ClockedIncidentPostgresHost>;

/// <summary>Banks.Find: short forms and English names, earliest mention wins, Latin codes only as whole words.</summary>
public sealed class BankFindTests
{
    [Theory]
    [InlineData("招行转账一直处理中", "CMB")]
    [InlineData("转账到招商银行一直处理中", "CMB")]
    [InlineData("CMBC transfer stuck", "CMBC")]
    [InlineData("my CMB card payment failed", "CMB")]
    [InlineData("China Merchants Bank app down", "CMB")]
    [InlineData("先转工行再转建行都失败", "ICBC")]
    [InlineData("建设银行和工商银行", "CCB")]
    [InlineData("邮政储蓄卡扣款", "PSBC")]
    [InlineData("ABCDE 没有银行", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Finds_the_first_bank_named(string? text, string? code) => Assert.Equal(code, Banks.Find(text));
}
