using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Announcements;
using PayDesk.Features.Assistant;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Features.Customers;
using PayDesk.Features.Incidents;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Announcements;

/// <summary>One SQLite host on a test clock for the announcement tests (the schedule is driven by the clock).</summary>
public sealed class AnnouncementHost : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));

    public PayDeskFactory Factory { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Factory = new PayDeskFactory(Provider.Sqlite, services: s => s.AddSingleton<TimeProvider>(Clock));
        Factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>A staff login with the given role, signed in.</summary>
    public async Task<HttpClient> StaffAsync(string role, string name = "坐席")
    {
        var email = $"{role}{TestData.NewPhone()}@paydesk.local";
        await using var scope = Factory.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<PayDesk.Features.Identity.UserAccounts>()
            .CreateAsync(email, name, role, PayDeskFactory.AdminPassword);
        Assert.True(user is not null, string.Join(" ", errors));
        return await Factory.ClientForAsync(email, PayDeskFactory.AdminPassword);
    }
}

/// <summary>公告 and 改进公示 through the API: schedule and expiry, incident notices, the assistant's answer, pushes counted in the outbox.</summary>
public sealed class AnnouncementApiTests(AnnouncementHost host) : IClassFixture<AnnouncementHost>
{
    private PayDeskFactory Factory => host.Factory;

    public sealed record NoticeDto(string Id, string Kind, string Title, string Body, string? Window, string? ExpectedFix, DateTime? ExpectedFixAt, string? Status);

    public sealed record AnnouncementDto(Guid Id, string Kind, string TitleZh, string TitleEn, string[] Placement, DateTime PublishAt, DateTime? ExpireAt, string State);

    public sealed record CountsDto(int Customers, int Queued, int Sent, int Failed, int NoContact);

    public sealed record PushDto(int Added, int AlreadyReached, CountsDto Deliveries, int NoContact);

    public sealed record ImprovementDto(Guid Id, string RootCause, string Title, string Body, DateTime PublishedAt);

    public sealed record AuditRow(long Id, string Action, string Changes);

    private DateTime Now => host.Clock.GetUtcNow().UtcDateTime;

    private async Task<HttpClient> SupervisorAsync() => await host.StaffAsync("supervisor", "值班主管");

    private async Task<List<NoticeDto>> PublicAsync(string placement = "help_centre", string culture = "zh-CN") =>
        (await Factory.CreateClient().GetFromJsonAsync<List<NoticeDto>>($"/api/v1/announcements/public?placement={placement}&culture={culture}"))!;

    private static object Maintenance(string title, DateTime publishAt, DateTime? expireAt, string? bank = null, string[]? placement = null) => new
    {
        kind = "maintenance", titleZh = title, titleEn = title + " (EN)", bodyZh = "系统升级期间余额提现暂停。", bodyEn = "Withdrawals pause during the upgrade.",
        placement = placement ?? new[] { "help_centre", "portal", "chat", "assistant" }, publishAt, expireAt,
        windowStart = publishAt.AddHours(1), windowEnd = publishAt.AddHours(2), bank,
    };

    private async Task<Guid> IncidentAsync(string bank, bool isPublic, IncidentStatus status = IncidentStatus.Identified, string? summary = null, DateTime? fixAt = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var incident = new Incident
        {
            Number = "INC-T-" + Guid.NewGuid().ToString("N")[..8], Title = $"{bank} 转账处理中", Bank = bank, Category = TicketCategory.TransactionFailure,
            Status = status, StartedAt = Now.AddMinutes(-30), ExpectedFixAt = fixAt, IsPublic = isPublic, PublicSummary = summary,
            CreatedAt = Now, UpdatedAt = Now, ResolvedAt = status == IncidentStatus.Resolved ? Now.AddDays(-1) : null,
        };
        db.Set<Incident>().Add(incident);
        await db.SaveChangesAsync();
        return incident.Id;
    }

    private async Task RemoveIncidentAsync(Guid id)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        // Through the change tracker, as PayDesk's own writes go: the assistant's notice cache sees the save at once.
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Set<Incident>().Remove(await db.Set<Incident>().SingleAsync(i => i.Id == id));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_planned_maintenance_notice_appears_at_its_publish_time_and_disappears_at_expiry()
    {
        var supervisor = await SupervisorAsync();
        var title = "计划维护-" + Guid.NewGuid().ToString("N")[..6];
        var created = await supervisor.PostAsJsonAsync("/api/v1/announcements", Maintenance(title, Now.AddHours(1), Now.AddHours(3)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var a = (await created.Content.ReadFromJsonAsync<AnnouncementDto>())!;
        Assert.Equal("scheduled", a.State);
        Assert.DoesNotContain(await PublicAsync(), n => n.Title == title);
        Assert.DoesNotContain(title, await Factory.CreateClient().GetStringAsync("/help"));

        host.Clock.Advance(TimeSpan.FromHours(1));
        var live = Assert.Single(await PublicAsync(), n => n.Title == title);
        Assert.Equal("maintenance", live.Kind);
        // The window in Beijing time: published at 11:00 (03:00 UTC), maintenance 12:00–13:00.
        Assert.Equal("维护时间：2026-12-02 12:00 至 2026-12-02 13:00（北京时间）", live.Window);
        Assert.Contains(title, await Factory.CreateClient().GetStringAsync("/help"));
        Assert.Contains(await PublicAsync("chat", "en"), n => n.Title == title + " (EN)" && n.Window == "Maintenance: 2026-12-02 12:00 to 2026-12-02 13:00 (Beijing time)");

        host.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Contains(await PublicAsync(), n => n.Title == title);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await PublicAsync(), n => n.Title == title);
        Assert.DoesNotContain(title, await Factory.CreateClient().GetStringAsync("/help"));
        // (The first sign-in's token has expired on the test clock by now.)
        var page = (await (await SupervisorAsync()).GetFromJsonAsync<PageDto<AnnouncementDto>>("/api/v1/announcements?state=expired&pageSize=100"))!;
        Assert.Contains(page.Items, x => x.Id == a.Id);
    }

    [Fact]
    public async Task Supervisors_create_edit_and_expire_announcements_and_each_change_is_audited()
    {
        var supervisor = await SupervisorAsync();
        var created = await supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "security", titleZh = "客服不会索要验证码", titleEn = "We never ask for your code", bodyZh = "任何人索要验证码都是诈骗。",
            bodyEn = "Anyone asking for your code is a fraudster.", placement = new[] { "help_centre", "assistant" }, publishAt = Now, keywords = "验证码, verification code",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var a = (await created.Content.ReadFromJsonAsync<AnnouncementDto>())!;
        Assert.Equal("live", a.State);
        Assert.Contains(await PublicAsync(), n => n.Kind == "security" && n.Title == "客服不会索要验证码");
        // Not placed in the chat widget.
        Assert.DoesNotContain(await PublicAsync("chat"), n => n.Title == "客服不会索要验证码");

        var edited = await supervisor.PutAsJsonAsync($"/api/v1/announcements/{a.Id}", new
        {
            kind = "security", titleZh = "客服绝不会索要验证码", titleEn = "We never ask for your code", bodyZh = "任何人索要验证码都是诈骗。",
            bodyEn = "Anyone asking for your code is a fraudster.", placement = new[] { "help_centre", "chat", "assistant" }, publishAt = Now, keywords = "验证码",
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Contains(await PublicAsync("chat"), n => n.Title == "客服绝不会索要验证码");

        var expired = await supervisor.PostAsync($"/api/v1/announcements/{a.Id}/expire", null);
        Assert.Equal("expired", (await expired.Content.ReadFromJsonAsync<AnnouncementDto>())!.State);
        Assert.DoesNotContain(await PublicAsync("chat"), n => n.Title == "客服绝不会索要验证码");

        var audit = (await (await Factory.AdminClientAsync()).GetFromJsonAsync<PageDto<AuditRow>>($"/api/v1/audit?entityType=Announcement&entityId={a.Id}&pageSize=100"))!;
        Assert.Contains(audit.Items, x => x.Action == "created");
        Assert.True(audit.Items.Count(x => x.Action == "updated") >= 2, string.Join(" | ", audit.Items.Select(x => x.Action + " " + x.Changes)));
    }

    [Fact]
    public async Task Bad_input_is_a_problem_and_only_supervisors_manage()
    {
        var supervisor = await SupervisorAsync();
        var bad = await supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "maintenance", titleZh = "", titleEn = "x", bodyZh = "x", bodyEn = "x", placement = new[] { "billboard" },
            publishAt = Now, expireAt = Now.AddHours(-1), bank = "火星银行",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.Equal(["bank", "expireAt", "placement", "titleZh", "windowStart"], problem.Errors!.Keys.Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/v1/announcements", new { kind = "holiday" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/v1/announcements?state=soon")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Factory.CreateClient().GetAsync("/api/v1/announcements/public?placement=assistant")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsync($"/api/v1/announcements/{Guid.NewGuid()}/expire", null)).StatusCode);

        var agent = await host.StaffAsync("agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/announcements")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/improvements", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync("/api/v1/announcements")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().GetAsync("/api/v1/improvements/public")).StatusCode);
    }

    [Fact]
    public async Task An_open_public_incident_is_announced_with_its_fix_time_in_both_languages_while_it_lasts()
    {
        var fixAt = Now.AddHours(3);
        var local = TimeZoneInfo.ConvertTimeFromUtc(fixAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd HH:mm");
        var shown = await IncidentAsync("SPDB", isPublic: true, summary: "浦发银行转账通道异常，资金安全不受影响。", fixAt: fixAt);
        var hidden = await IncidentAsync("CEB", isPublic: false);
        var resolved = await IncidentAsync("CITIC", isPublic: true, IncidentStatus.Resolved);
        try
        {
            var zh = Assert.Single(await PublicAsync(), n => n.Kind == "incident");
            Assert.Equal("故障公告：浦发银行 · 交易失败", zh.Title);
            Assert.Equal("浦发银行转账通道异常，资金安全不受影响。", zh.Body);
            Assert.Equal($"预计修复时间：{local}（北京时间）", zh.ExpectedFix);
            var en = Assert.Single(await PublicAsync("portal", "en"), n => n.Kind == "incident");
            Assert.StartsWith("Service disruption: SPD Bank", en.Title);
            Assert.Equal($"Expected fix: {local} (Beijing time)", en.ExpectedFix);
            Assert.Contains("浦发银行转账通道异常", await Factory.CreateClient().GetStringAsync("/help"));
        }
        finally
        {
            await RemoveIncidentAsync(shown);
            await RemoveIncidentAsync(hidden);
            await RemoveIncidentAsync(resolved);
        }
        Assert.DoesNotContain(await PublicAsync(), n => n.Kind == "incident");
    }

    private async Task<string> AskAsync(string question, string locale, Guid? customerId = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var brain = scope.ServiceProvider.GetRequiredService<AssistantBrain>();
        var reply = await brain.RespondAsync(new Conversation { VisitorName = "访客", Locale = locale, CustomerId = customerId }, question, CancellationToken.None);
        return string.Join("\n", reply.Messages);
    }

    [Fact]
    public async Task The_assistant_answers_a_question_about_the_affected_bank_with_the_announcement_and_fix_time_in_Chinese_and_English()
    {
        var fixAt = Now.AddHours(2);
        var beijing = TimeZoneInfo.ConvertTimeFromUtc(fixAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd HH:mm");
        var london = TimeZoneInfo.ConvertTimeFromUtc(fixAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("yyyy-MM-dd HH:mm");
        var id = await IncidentAsync("CMB", isPublic: true, summary: "招商银行转账通道故障，款项不会丢失，恢复后自动到账。", fixAt: fixAt);
        try
        {
            var zh = await AskAsync("我转账到招商银行一直处理中", "zh-CN");
            Assert.Contains("招商银行转账通道故障，款项不会丢失", zh);
            Assert.Contains($"预计修复时间：{beijing}（北京时间）", zh);

            var en = await AskAsync("My transfer to China Merchants Bank has been processing for hours", "en");
            Assert.Contains("Service disruption: China Merchants Bank", en);
            Assert.Contains($"Expected fix: {beijing} (Beijing time)", en);

            // A known customer hears the time in their own zone.
            Guid customerId;
            await using (var scope = Factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var customer = new Customer { Name = "Alice", TimeZone = "Europe/London", Locale = "en", CreatedAt = Now, UpdatedAt = Now };
                db.Customers.Add(customer);
                await db.SaveChangesAsync();
                customerId = customer.Id;
            }
            Assert.Contains($"Expected fix: {london} (Europe/London)", await AskAsync("Is CMB down? my transfer is stuck", "en", customerId));

            // Another bank's transfer is not this incident.
            Assert.DoesNotContain("招商银行转账通道故障", await AskAsync("我转账到工商银行一直处理中", "zh-CN"));
        }
        finally
        {
            await RemoveIncidentAsync(id);
        }
        Assert.DoesNotContain("招商银行转账通道故障", await AskAsync("我转账到招商银行一直处理中", "zh-CN"));
    }

    [Fact]
    public async Task The_assistant_reads_notices_from_a_cache_that_a_save_here_refreshes_at_once_and_a_change_elsewhere_after_five_seconds()
    {
        var id = await IncidentAsync("ABC", isPublic: true, summary: "农业银行快捷支付通道故障，恢复后自动到账。");
        try
        {
            Assert.Contains("农业银行快捷支付通道故障", await AskAsync("农业银行卡付款一直失败", "zh-CN"));

            // Made private by a write this instance's change tracker never saw (another PayDesk instance, a bulk update):
            // the cached copy answers until it is five seconds old, then the database does.
            await using (var scope = Factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Incident>().Where(i => i.Id == id)
                    .ExecuteUpdateAsync(u => u.SetProperty(i => i.IsPublic, false));
            }
            Assert.Contains("农业银行快捷支付通道故障", await AskAsync("农业银行卡付款一直失败", "zh-CN"));
            host.Clock.Advance(AssistantNoticeCache.MaxAge);
            Assert.DoesNotContain("农业银行快捷支付通道故障", await AskAsync("农业银行卡付款一直失败", "zh-CN"));

            // Made public again through a save here: seen at once, without waiting.
            await using (var scope = Factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                (await db.Set<Incident>().SingleAsync(i => i.Id == id)).IsPublic = true;
                await db.SaveChangesAsync();
            }
            Assert.Contains("农业银行快捷支付通道故障", await AskAsync("农业银行卡付款一直失败", "zh-CN"));
        }
        finally
        {
            await RemoveIncidentAsync(id);
        }
    }

    [Fact]
    public async Task A_security_notice_with_keywords_answers_a_matching_question()
    {
        var supervisor = await SupervisorAsync();
        (await supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "security", titleZh = "警惕索要验证码的来电", titleEn = "Beware of callers asking for codes", bodyZh = "PayDesk 客服不会向您索要短信验证码。",
            bodyEn = "PayDesk staff never ask for your SMS code.", placement = new[] { "assistant" }, publishAt = Now, keywords = "索要验证码, asking for my code",
        })).EnsureSuccessStatusCode();
        Assert.Contains("PayDesk 客服不会向您索要短信验证码。", await AskAsync("有人打电话说是客服，索要验证码", "zh-CN"));
        Assert.Contains("PayDesk staff never ask for your SMS code.", await AskAsync("Someone called asking for my code, is it you?", "en"));
    }

    [Fact]
    public async Task Pushing_to_customers_with_an_open_complaint_in_scope_queues_one_notice_per_customer_and_counts_deliveries()
    {
        var supervisor = await SupervisorAsync();
        var agent = await host.StaffAsync("agent");
        var phones = new[] { TestData.NewPhone(), TestData.NewPhone(), TestData.NewPhone() };
        async Task<TicketDto> FileAsync(string phone, string text)
        {
            var r = await agent.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel = "phone", customer = new { name = "客户" + phone[^4..], phone }, subject = text, description = text, category = "transaction_failure",
            });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<TicketDto>())!;
        }
        // Two customers complain about 华夏银行 transfers (one of them twice); a third about another bank.
        await FileAsync(phones[0], "转账到华夏银行一直处理中");
        await FileAsync(phones[0], "华夏银行转账还是没到");
        await FileAsync(phones[1], "华夏银行的转账卡住了");
        await FileAsync(phones[2], "转账到宁波银行失败");

        var created = await supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "general", titleZh = "华夏银行转账延迟", titleEn = "Hua Xia Bank transfers delayed", bodyZh = "款项会在恢复后自动到账。", bodyEn = "Money arrives once it recovers.",
            placement = new[] { "help_centre" }, publishAt = Now, bank = "HXB",
        });
        var a = (await created.Content.ReadFromJsonAsync<AnnouncementDto>())!;
        var pushed = await supervisor.PostAsJsonAsync($"/api/v1/announcements/{a.Id}/push", new { segment = "complaints", channel = "sms" });
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        var first = (await pushed.Content.ReadFromJsonAsync<PushDto>())!;
        Assert.Equal(2, first.Added);
        Assert.Equal(new CountsDto(2, 2, 0, 0, 0), first.Deliveries);

        // Pushing again reaches nobody twice.
        var again = (await (await supervisor.PostAsJsonAsync($"/api/v1/announcements/{a.Id}/push", new { segment = "complaints", channel = "sms" }))
            .Content.ReadFromJsonAsync<PushDto>())!;
        Assert.Equal((0, 2), (again.Added, again.AlreadyReached));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var outbox = await db.Notifications.AsNoTracking().Where(n => n.TemplateKey == "announcement" && n.Body.Contains("华夏银行转账延迟")).ToListAsync();
            Assert.Equal(2, outbox.Count);
            Assert.All(outbox, n => Assert.Equal(PayDesk.Features.Notifications.NotificationChannel.Sms, n.Channel));
            Assert.Equal(2, outbox.Select(n => n.CustomerId).Distinct().Count());
        }

        await Factory.DispatchNotificationsAsync();
        var counts = (await supervisor.GetFromJsonAsync<GetAnnouncementDto>($"/api/v1/announcements/{a.Id}"))!.Deliveries;
        Assert.Equal(0, counts.Queued);
        Assert.Equal(2, counts.Sent + counts.Failed);
        Assert.Equal(2, Factory.Outbox("sms").Count(m => m.Body.Contains("华夏银行转账延迟")));

        // Validation: the segment must be known, the channel in-app or SMS, the announcement live.
        var bad = await supervisor.PostAsJsonAsync($"/api/v1/announcements/{a.Id}/push", new { segment = "everyone", channel = "email", days = 400 });
        Assert.Equal(["channel", "days", "segment"], (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.Order());
    }

    [Fact]
    public async Task A_push_is_previewed_without_sending_and_a_customer_an_sms_push_could_not_reach_is_tried_again_in_app()
    {
        var supervisor = await SupervisorAsync();
        var agent = await host.StaffAsync("agent");
        // One customer with a phone, one known by e-mail only, both with an open complaint about 江苏银行.
        foreach (var customer in new object[] { new { name = "有手机", phone = TestData.NewPhone() }, new { name = "只有邮箱", email = $"nophone{Guid.NewGuid():N}@example.com" } })
        {
            var filed = await agent.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel = "email", customer, subject = "江苏银行转账失败", description = "转账到江苏银行一直失败", category = "transaction_failure",
            });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        }
        var a = (await (await supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "general", titleZh = "江苏银行转账维护", titleEn = "Bank of Jiangsu transfers under maintenance", bodyZh = "维护结束后自动到账。", bodyEn = "Money arrives after it.",
            placement = new[] { "help_centre" }, publishAt = Now, bank = "JSB",
        })).Content.ReadFromJsonAsync<AnnouncementDto>())!;
        var url = $"/api/v1/announcements/{a.Id}/push";

        // Previewed first: the same figures, and nothing queued or recorded.
        var preview = (await (await supervisor.PostAsJsonAsync(url, new { segment = "complaints", channel = "sms", preview = true })).Content.ReadFromJsonAsync<PushDto>())!;
        Assert.Equal((1, 0, 1, 0), (preview.Added, preview.AlreadyReached, preview.NoContact, preview.Deliveries.Customers));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Notifications.AnyAsync(n => n.TemplateKey == "announcement" && n.Body.Contains("江苏银行转账维护")));
        }
        var bySms = (await (await supervisor.PostAsJsonAsync(url, new { segment = "complaints", channel = "sms" })).Content.ReadFromJsonAsync<PushDto>())!;
        Assert.Equal((1, 0, 1), (bySms.Added, bySms.AlreadyReached, bySms.NoContact));
        Assert.Equal(1, bySms.Deliveries.NoContact);
        // The e-mail-only customer was not reached: the in-app push tries them, and only them.
        var inApp = (await (await supervisor.PostAsJsonAsync(url, new { segment = "complaints", channel = "in_app" })).Content.ReadFromJsonAsync<PushDto>())!;
        Assert.Equal((1, 1, 0), (inApp.Added, inApp.AlreadyReached, inApp.NoContact));
        Assert.Equal((2, 0), (inApp.Deliveries.Customers, inApp.Deliveries.NoContact));
        var again = (await (await supervisor.PostAsJsonAsync(url, new { segment = "complaints", channel = "in_app" })).Content.ReadFromJsonAsync<PushDto>())!;
        Assert.Equal((0, 2), (again.Added, again.AlreadyReached));

        // Pushed twice at once (a double click): each push answers 200 or 409, never 500, and nobody gets it twice.
        var third = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "email", customer = new { name = "又一位", email = $"twice{Guid.NewGuid():N}@example.com" }, subject = "江苏银行转账失败",
            description = "转账到江苏银行一直失败", category = "transaction_failure",
        });
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => supervisor.PostAsJsonAsync(url, new { segment = "complaints", channel = "in_app" })));
        Assert.All(both, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        await using var check = Factory.Services.CreateAsyncScope();
        var sent = await check.ServiceProvider.GetRequiredService<AppDbContext>().Notifications.AsNoTracking()
            .Where(n => n.TemplateKey == "announcement" && n.Body.Contains("江苏银行转账维护")).GroupBy(n => n.CustomerId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, n => Assert.Equal(1, n));
    }

    /// <summary>A 16-digit card number that passes the Luhn check.</summary>
    private static string LuhnCard(string prefix)
    {
        var body = prefix + string.Concat(Enumerable.Range(0, 15 - prefix.Length).Select(_ => Random.Shared.Next(10)));
        for (var check = 0; check < 10; check++)
        {
            if (PayDesk.Infrastructure.Security.PersonalData.LuhnValid(body + check)) return body + check;
        }
        throw new InvalidOperationException("no check digit");
    }

    public sealed record GetAnnouncementDto(AnnouncementDto Announcement, CountsDto Deliveries);

    [Fact]
    public async Task Customers_who_paid_with_the_banks_card_lately_are_reached_once()
    {
        var supervisor = await SupervisorAsync();
        var admin = await Factory.AdminClientAsync();
        // A card's bank is as typed when it was bound: another spelling of the bank counts, another bank does not.
        async Task<Guid> CustomerAsync(DateTime? paidAt, string bankName = "北京银行")
        {
            var card = LuhnCard("621483");
            var account = "62" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999);
            var created = await admin.PostAsJsonAsync("/api/v1/customers", new { name = "银行用户", phone = TestData.NewPhone(), accountId = account });
            created.EnsureSuccessStatusCode();
            var id = (await created.Content.ReadFromJsonAsync<CustomerDto>())!.Id;
            (await admin.PostAsJsonAsync($"/api/v1/customers/{id}/cards", new { number = card, bankName })).EnsureSuccessStatusCode();
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.LedgerAccounts.Add(new LedgerAccount { AccountId = account });
            if (paidAt is { } at)
            {
                db.LedgerTransactions.Add(new LedgerTransaction
                {
                    Serial = "T" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999), AccountId = account, Merchant = "便利店", Amount = 12.5m, Currency = "CNY",
                    Status = PaymentStatus.Succeeded, OccurredAt = at, CardMasked = "6214 **** **** " + card[^4..],
                });
            }
            await db.SaveChangesAsync();
            return id;
        }
        var recent = await CustomerAsync(Now.AddDays(-2), "北京银行储蓄卡");
        await CustomerAsync(Now.AddDays(-1), "中国建设银行");
        await CustomerAsync(Now.AddDays(-30));
        await CustomerAsync(null);

        var created = await supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "maintenance", titleZh = "北京银行通道维护", titleEn = "Bank of Beijing maintenance", bodyZh = "维护期间暂停扣款。", bodyEn = "Debits pause.",
            placement = new[] { "help_centre" }, publishAt = Now, windowStart = Now.AddHours(5), windowEnd = Now.AddHours(6), bank = "BOB",
        });
        var a = (await created.Content.ReadFromJsonAsync<AnnouncementDto>())!;
        var pushed = (await (await supervisor.PostAsJsonAsync($"/api/v1/announcements/{a.Id}/push", new { segment = "bank_users", channel = "in_app", days = 7 }))
            .Content.ReadFromJsonAsync<PushDto>())!;
        Assert.Equal(1, pushed.Added);
        await using var check = Factory.Services.CreateAsyncScope();
        var notices = await check.ServiceProvider.GetRequiredService<AppDbContext>().Notifications.AsNoTracking()
            .Where(n => n.TemplateKey == "announcement" && n.Body.Contains("北京银行通道维护")).ToListAsync();
        Assert.Equal(recent, Assert.Single(notices).CustomerId);
    }

    [Fact]
    public async Task Improvement_notices_are_published_for_a_root_cause_and_kept_on_the_public_history()
    {
        var supervisor = await SupervisorAsync();
        var created = await supervisor.PostAsJsonAsync("/api/v1/improvements", new
        {
            rootCause = "channel_outage", category = "transaction_failure", titleZh = "转账通道增加备用线路", titleEn = "A standby line for transfers",
            bodyZh = "银行通道故障时自动切换到备用线路。", bodyEn = "Transfers switch to a standby line when a bank channel fails.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var zh = (await Factory.CreateClient().GetFromJsonAsync<PageDto<ImprovementDto>>("/api/v1/improvements/public?rootCause=channel_outage"))!;
        Assert.Contains(zh.Items, n => n.Title == "转账通道增加备用线路");
        var en = (await Factory.CreateClient().GetFromJsonAsync<PageDto<ImprovementDto>>("/api/v1/improvements/public?rootCause=channel_outage&culture=en"))!;
        Assert.Contains(en.Items, n => n.Title == "A standby line for transfers");
        var other = (await Factory.CreateClient().GetFromJsonAsync<PageDto<ImprovementDto>>("/api/v1/improvements/public?rootCause=fraud"))!;
        Assert.DoesNotContain(other.Items, n => n.Title == "转账通道增加备用线路");
        Assert.Contains("转账通道增加备用线路", await Factory.CreateClient().GetStringAsync("/help/improvements?cause=ChannelOutage"));
        var bad = await supervisor.PostAsJsonAsync("/api/v1/improvements", new { titleZh = "x" });
        Assert.Equal(["bodyEn", "bodyZh", "rootCause", "titleEn"], (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await Factory.CreateClient().GetAsync("/api/v1/improvements/public?pageSize=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Factory.CreateClient().GetAsync("/api/v1/improvements/public?rootCause=bad_luck")).StatusCode);
    }
}
