using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Identity;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Sla;

/// <summary>A complaint's clocks through the API with a controlled clock (Wednesday 25 November 2026, 10:00 Beijing).</summary>
public sealed class SlaClockTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, services: s => s.AddSingleton<TimeProvider>(_clock));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private async Task<HttpClient> StaffAsync() => await _factory.AdminClientAsync();

    private async Task<Dictionary<string, ClockDto>> ClocksAsync(HttpClient staff, Guid ticket) =>
        (await staff.GetFromJsonAsync<List<ClockDto>>($"/api/v1/tickets/{ticket}/sla"))!.ToDictionary(c => c.Kind);

    private Task<(int AtRisk, int Breached)> EvaluateAsync() =>
        _factory.Services.GetRequiredService<SlaEvaluator>().RunAsync(CancellationToken.None);

    [Fact]
    public async Task Clocks_warn_breach_once_pause_for_the_customer_and_retarget_from_the_start()
    {
        var staff = await StaffAsync();
        var phone = TestData.NewPhone();
        var created = await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "钱七", phone, email = $"q{phone}@example.cn" }, subject = "转账未到账", description = "转账显示成功但对方没收到",
            category = "funds", amount = new { value = 300m, currency = "CNY" }, transactionId = "T2026112500099", occurredAt = _clock.GetUtcNow().AddHours(-1),
        });
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;

        var clocks = await ClocksAsync(staff, ticket.Id);
        Assert.Equal(Utc(11, 25, 2, 30), clocks["first_response"].DueAt);     // app acknowledgement: 30 min
        Assert.Equal(Utc(11, 26, 2, 0), clocks["initial_answer"].DueAt);      // 24 h around the clock
        Assert.Equal(Utc(11, 27, 2, 0), clocks["resolution"].DueAt);          // 2 working days of 09:00–18:00
        Assert.Equal(Utc(12, 9, 2, 0), clocks["regulatory"].DueAt);           // 10 working days

        // The automatic acknowledgement SMS is queued but never delivered here (the outbox is not dispatched): on the
        // app channel the acknowledgement is the first response, so the clock runs on and breaches (decision 0005).
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal((0, 0), await EvaluateAsync());
        _clock.Advance(TimeSpan.FromMinutes(5));                             // 10:25: past 75 % of 30 min
        Assert.Equal((1, 0), await EvaluateAsync());
        Assert.Equal((0, 0), await EvaluateAsync());
        _clock.Advance(TimeSpan.FromMinutes(10));                            // 10:35: late
        Assert.Equal((0, 1), await EvaluateAsync());
        Assert.Equal((0, 0), await EvaluateAsync());

        staff = await StaffAsync();
        var escalated = (await staff.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
        Assert.Equal(("high", 1), (escalated.Priority, escalated.EscalationLevel));
        var breaches = (await staff.GetFromJsonAsync<PageDto<QueueDto>>("/api/v1/sla/breaches"))!;
        Assert.Contains(breaches.Items, b => b.TicketId == ticket.Id && b.Kind == "first_response");

        // A reply stops the first-response clock (late) and meets the initial answer.
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "您好，已收到，正在核实。" })).StatusCode);
        clocks = await ClocksAsync(staff, ticket.Id);
        Assert.Equal(("breached", "met"), (clocks["first_response"].Status, clocks["initial_answer"].Status));

        // 10:40 waiting for the customer: the resolution clock stops counting…
        _clock.Advance(TimeSpan.FromMinutes(5));
        await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" });
        await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "await_customer", reason = "请提供转账截图" });
        Assert.Equal("paused", (await ClocksAsync(staff, ticket.Id))["resolution"].Status);

        // …for two days, until the customer answers on Friday 10:40.
        _clock.Advance(TimeSpan.FromDays(2));
        var customer = await CustomerClientAsync(ticket.Customer.Id, $"q{phone}@example.cn");
        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "截图已上传" })).StatusCode);
        staff = await StaffAsync();
        Assert.Equal("in_progress", (await staff.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!.Status);
        clocks = await ClocksAsync(staff, ticket.Id);
        Assert.Equal("running", clocks["resolution"].Status);
        Assert.Equal(40, clocks["resolution"].ElapsedMinutes);
        Assert.Equal(Utc(12, 1, 2, 0), clocks["resolution"].DueAt);          // 1,040 business minutes left from Friday 10:40

        // Urgent now: 4 business hours from the original start, 40 minutes of them used.
        Assert.Equal(HttpStatusCode.OK, (await staff.PatchAsJsonAsync($"/api/v1/tickets/{ticket.Id}", new { priority = "urgent" })).StatusCode);
        Assert.Equal(Utc(11, 27, 6, 0), (await ClocksAsync(staff, ticket.Id))["resolution"].DueAt);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var events = await db.SlaClockEvents.Where(e => e.TicketId == ticket.Id).OrderBy(e => e.Id).Select(e => e.Kind + ":" + e.Event).ToListAsync();
        Assert.Contains("FirstResponse:at_risk", events);
        Assert.Contains("FirstResponse:breached", events);
        Assert.Contains("Resolution:paused", events);
        Assert.Contains("Resolution:resumed", events);
        Assert.Contains("Resolution:retargeted", events);
        Assert.Single(events, e => e == "FirstResponse:breached");
    }

    [Fact]
    public async Task The_scheme_deadline_runs_while_the_customer_is_waited_for_and_resolution_waits_for_their_word_on_a_solution()
    {
        // An outside review: waiting for the customer paused the card scheme's deadline (calendar days that run whatever the
        // customer does: its due time slipped past the scheme's), and the resolution clock ran on while the customer had a
        // week to accept a proposed solution, breaching and escalating complaints already answered.
        var staff = await StaffAsync();
        var phone = TestData.NewPhone();
        var created = await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "孙八", phone, email = $"s{phone}@example.cn" }, subject = "退款未到账", description = "退货后退款一直没到",
            category = "refund", amount = new { value = 120m, currency = "CNY" }, transactionId = "T2026112500123",
        });
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        var schemeDue = Utc(12, 25, 2, 0);                                     // 30 calendar days
        Assert.Equal(schemeDue, (await ClocksAsync(staff, ticket.Id))["scheme_deadline"].DueAt);

        async Task FireAsync(HttpClient client, string trigger, string? reason = null)
        {
            var fired = await client.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger, reason });
            Assert.True(fired.StatusCode == HttpStatusCode.OK, $"{trigger}: {(int)fired.StatusCode} {await fired.Content.ReadAsStringAsync()}");
        }
        await FireAsync(staff, "start_work");
        await FireAsync(staff, "await_customer", "请提供退货单号");
        _clock.Advance(TimeSpan.FromDays(5));
        staff = await StaffAsync();                                            // sign-ins do not last days
        var clocks = await ClocksAsync(staff, ticket.Id);
        Assert.Equal(("paused", "running", schemeDue), (clocks["resolution"].Status, clocks["scheme_deadline"].Status, clocks["scheme_deadline"].DueAt));
        // The complaint page says why a clock waits and since when (it showed the badge alone).
        var page = await staff.GetStringAsync($"/tickets/{ticket.Number}");
        Assert.Contains("暂停：等待客户补充信息", page);
        Assert.Contains("暂停时间", page);
        var customer = await CustomerClientAsync(ticket.Customer.Id, $"s{phone}@example.cn");
        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "单号 RT20261125" })).StatusCode);
        staff = await StaffAsync();
        Assert.Equal(schemeDue, (await ClocksAsync(staff, ticket.Id))["scheme_deadline"].DueAt);

        // A solution proposed: the resolution clock waits for the customer's word, through a week without breaching.
        _clock.Advance(TimeSpan.FromHours(1));
        staff = await StaffAsync();
        await FireAsync(staff, "propose_solution", "已联系商户核实退货记录，请您确认处理结果");
        Assert.Equal("paused", (await ClocksAsync(staff, ticket.Id))["resolution"].Status);
        page = await staff.GetStringAsync($"/tickets/{ticket.Number}");
        Assert.Contains("暂停：等待客户确认解决方案", page);
        Assert.Contains("data-testid=\"sla-stopped\"", page);                 // the clocks the proposal stopped say when
        _clock.Advance(TimeSpan.FromDays(6));
        await EvaluateAsync();
        staff = await StaffAsync();
        Assert.NotEqual("breached", (await ClocksAsync(staff, ticket.Id))["resolution"].Status);

        // Rejected, it runs again from where it stopped.
        customer = await CustomerClientAsync(ticket.Customer.Id, $"s{phone}@example.cn");
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "reject_solution", reason = "还没到账" })).StatusCode);
        staff = await StaffAsync();
        Assert.Equal("running", (await ClocksAsync(staff, ticket.Id))["resolution"].Status);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var events = await db.SlaClockEvents.Where(e => e.TicketId == ticket.Id).Select(e => e.Kind + ":" + e.Event).ToListAsync();
        Assert.DoesNotContain("Resolution:breached", events);
        Assert.DoesNotContain("SchemeDeadline:paused", events);
    }

    [Fact]
    public async Task A_short_clock_past_its_warning_point_is_at_risk_on_the_sla_page_the_board_and_the_api_as_the_inbox_colours_it()
    {
        var staff = await StaffAsync();
        var created = await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "孙九", phone = TestData.NewPhone() }, subject = "退款没到", description = "退款三天没到账",
            category = "funds", amount = new { value = 88m, currency = "CNY" },
        });
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        // 10 minutes in: the acknowledgement's 30-minute clock is 20 minutes from breach. Every new complaint would be red if
        // an hour from due were enough: a short clock is not at risk before its 75 % warning point.
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal((0, 0), await EvaluateAsync());
        Assert.DoesNotContain((await staff.GetFromJsonAsync<PageDto<QueueDto>>("/api/v1/sla/at-risk?pageSize=100"))!.Items,
            q => q.TicketId == ticket.Id && q.Kind == "first_response");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var (early, _) = await ListSlaQueue.ByComplaintAsync(db, scope.ServiceProvider.GetRequiredService<CalendarRegistry>(), _clock.GetUtcNow().UtcDateTime, new PayDesk.Infrastructure.Http.PageRequest(1, 100), CancellationToken.None);
            Assert.DoesNotContain(early.Items, r => r.TicketId == ticket.Id);
        }

        // 23 minutes in, past 75 % of it: at risk everywhere, and red (7 minutes left).
        _clock.Advance(TimeSpan.FromMinutes(13));
        var atRisk = (await staff.GetFromJsonAsync<PageDto<QueueDto>>("/api/v1/sla/at-risk?pageSize=100"))!;
        Assert.Contains(atRisk.Items, q => q.TicketId == ticket.Id && q.Kind == "first_response");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var (page, breached) = await ListSlaQueue.ByComplaintAsync(db, scope.ServiceProvider.GetRequiredService<CalendarRegistry>(), _clock.GetUtcNow().UtcDateTime, new PayDesk.Infrastructure.Http.PageRequest(1, 100), CancellationToken.None);
            var row = Assert.Single(page.Items, r => r.TicketId == ticket.Id);
            Assert.Equal((ClockKind.FirstResponse, PayDesk.Features.Complaints.Urgency.Danger), (row.Kind, row.Urgency));
            Assert.Equal(0, breached);
        }
        var overview = (await staff.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/routing/overview"));
        var atRiskOnBoard = overview.GetProperty("queues").EnumerateArray().Sum(q => q.GetProperty("atRisk").GetInt32());
        Assert.True(atRiskOnBoard >= 1, overview.ToString());

        // Met in time: off every list.
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "您好，已收到，正在核实。" })).StatusCode);
        atRisk = (await staff.GetFromJsonAsync<PageDto<QueueDto>>("/api/v1/sla/at-risk?pageSize=100"))!;
        Assert.DoesNotContain(atRisk.Items, q => q.TicketId == ticket.Id && q.Kind == "first_response");
    }

    [Fact]
    public async Task The_inbox_and_the_sla_page_count_time_over_as_the_complaint_page_does_in_working_time()
    {
        var staff = await StaffAsync();
        var ticket = (await (await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "周十", phone = TestData.NewPhone() }, subject = "提现未到账", description = "提现两天没到",
            category = "funds", amount = new { value = 120m, currency = "CNY" },
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        // Answered at once: what runs on is the resolution (2 working days, due Friday 10:00) and the regulator's clock.
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "您好，已收到，正在核实。" })).StatusCode);
        // Saturday 12:00 Beijing: 26 hours past due on the wall clock, 8 working hours (Friday 10:00–18:00) over.
        _clock.SetUtcNow(new DateTimeOffset(Utc(11, 28, 4)));
        staff = await StaffAsync();   // signed in again: the first session has expired by Saturday

        var complaint = await staff.GetStringAsync($"/tickets/{ticket.Number}");
        Assert.Contains("已超时 8 小时", complaint);
        var inbox = await staff.GetStringAsync($"/inbox?q={ticket.Number}");
        Assert.Contains(ticket.Number, inbox);
        Assert.Contains("已超时 8 小时", inbox);
        Assert.DoesNotContain("1天2小时", inbox);
        var sla = await staff.GetStringAsync("/sla?page=1");
        Assert.Contains(ticket.Number, sla);
        Assert.Contains("已超时 8 小时", sla);
    }

    [Fact]
    public async Task A_holiday_added_by_an_admin_moves_the_running_clocks()
    {
        var staff = await StaffAsync();
        var ticket = (await (await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "孙八", phone = TestData.NewPhone() }, subject = "账户被冻结", description = "无法付款", category = "account_frozen",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(Utc(11, 27, 2, 0), (await ClocksAsync(staff, ticket.Id))["resolution"].DueAt);

        // Thursday 26 November becomes a holiday: two working days now end on Monday.
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/v1/calendars/standard/days/2026-11-26", new { kind = "closed", label = "临时停服" })).StatusCode);
        Assert.Equal(Utc(11, 30, 2, 0), (await ClocksAsync(staff, ticket.Id))["resolution"].DueAt);
    }

    [Fact]
    public async Task Weekly_hours_changed_by_an_admin_move_the_running_clocks()
    {
        var staff = await StaffAsync();
        var ticket = (await (await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "孙九", phone = TestData.NewPhone() }, subject = "账户被冻结", description = "无法付款", category = "account_frozen",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        var before = await ClocksAsync(staff, ticket.Id);
        Assert.Equal(Utc(11, 27, 2, 0), before["resolution"].DueAt);

        // A lunch break from Monday to Friday: 8 business hours a day. 18 hours from Wednesday 10:00 are Wednesday's 7,
        // Thursday's 8 and Friday 09:00–12:00.
        const string day = "09:00-12:00,13:00-18:00";
        var saved = await staff.PutAsJsonAsync("/api/v1/calendars/standard/hours", new
        {
            timeZone = "Asia/Shanghai", weekly = new { monday = day, tuesday = day, wednesday = day, thursday = day, friday = day, saturday = "", sunday = (string?)null },
            workingDayHours = day,
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = await ClocksAsync(staff, ticket.Id);
        Assert.Equal(Utc(11, 27, 4, 0), after["resolution"].DueAt);
        Assert.Equal(before["first_response"].DueAt, after["first_response"].DueAt);   // the hotline's calendar was not touched
    }

    [Fact]
    public async Task Admins_change_the_targets_for_new_complaints_and_bad_values_change_nothing()
    {
        var staff = await StaffAsync();
        var policy = await staff.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/sla/policy");
        Assert.Equal(30, (int)policy!["firstResponseMinutes"]!["app"]!);

        policy["firstResponseMinutes"]!["app"] = 60;
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/v1/sla/policy", policy)).StatusCode);
        policy["atRiskShare"] = 1.5;
        var bad = await staff.PutAsJsonAsync("/api/v1/sla/policy", policy);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("atRiskShare", (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);

        var ticket = (await (await staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "周九", phone = TestData.NewPhone() }, subject = "咨询限额", description = "单笔限额是多少", category = "consultation",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(Utc(11, 25, 3, 0), (await ClocksAsync(staff, ticket.Id))["first_response"].DueAt);
        Assert.Equal(0.75, (double)(await staff.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/sla/policy"))!["atRiskShare"]!);
    }

    private async Task<HttpClient> CustomerClientAsync(Guid customerId, string email)
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            await accounts.CreateAsync(email, "钱七", Roles.Customer, PayDeskFactory.AdminPassword, customerId);
        }
        return await _factory.ClientForAsync(email, PayDeskFactory.AdminPassword);
    }

    public sealed record ClockDto(string Kind, string Status, string Calendar, int TargetMinutes, DateTime? DueAt, double ElapsedMinutes);

    public sealed record QueueDto(Guid TicketId, string Number, string Kind);
}
