using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Channels;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// Issue 18, item 2: which channel the automatic acknowledgement (受理确认) takes.
public sealed class AcknowledgementRouteTests
{
    [Theory]
    [InlineData(TicketChannel.Email, true, true, false, NotificationChannel.Email)]
    [InlineData(TicketChannel.Email, true, false, false, NotificationChannel.Sms)]
    [InlineData(TicketChannel.Sms, true, true, false, NotificationChannel.Sms)]
    [InlineData(TicketChannel.App, true, true, false, NotificationChannel.Sms)]
    [InlineData(TicketChannel.Web, false, true, false, NotificationChannel.Email)]
    [InlineData(TicketChannel.Phone, true, false, false, NotificationChannel.Sms)]
    [InlineData(TicketChannel.Chat, false, false, false, NotificationChannel.InApp)]
    [InlineData(TicketChannel.WeChat, true, false, true, NotificationChannel.Social)]
    [InlineData(TicketChannel.WeChat, true, false, false, NotificationChannel.Sms)]
    [InlineData(TicketChannel.Weibo, false, false, false, NotificationChannel.InApp)]
    public void Own_channel_when_it_carries_a_notice_else_sms_then_email_then_in_app(
        TicketChannel channel, bool phone, bool email, bool socialReply, NotificationChannel expected) =>
        Assert.Equal(expected, AcknowledgeIntake.RouteFor(channel, phone, email, socialReply));
}

/// Issue 18, item 2: every channel's complaint is acknowledged once, automatically, and the app/web/SMS first-response
/// clock is met by the delivery, not by an agent's click.
public sealed class AcknowledgementTests : IAsyncLifetime
{
    private sealed class SwitchableSmsGateway : INotificationSender
    {
        public bool Broken { get; set; }
        public NotificationChannel Channel => NotificationChannel.Sms;

        public Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct) =>
            Broken ? throw new HttpRequestException("SMS gateway unreachable") : Task.FromResult<string?>("sms-" + message.Id);
    }

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly SwitchableSmsGateway _sms = new();
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: ChannelTestKit.Settings(), services: s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.RemoveAll<INotificationSender>();
            s.AddSingleton<INotificationSender>(_sms);
            s.AddSingleton<INotificationSender>(new RecordingSender(NotificationChannel.Email));
            s.AddSingleton<INotificationSender, InAppSender>();
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class RecordingSender(NotificationChannel channel) : INotificationSender
    {
        public NotificationChannel Channel => channel;
        public Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct) => Task.FromResult<string?>(null);
    }

    private sealed record NoticeDto(Guid Id, string Channel, string TemplateKey, string Status, string Body);

    private sealed record ClockDto(string Kind, string Status, DateTime? DueAt);

    private static async Task<List<NoticeDto>> AcknowledgementsAsync(HttpClient staff, Guid ticket) =>
        (await staff.GetFromJsonAsync<PageDto<NoticeDto>>($"/api/v1/tickets/{ticket}/notifications", ChatTests.Json))!
            .Items.Where(n => n.TemplateKey == "acknowledged").ToList();

    private static async Task<string> FirstResponseAsync(HttpClient staff, Guid ticket) =>
        (await staff.GetFromJsonAsync<List<ClockDto>>($"/api/v1/tickets/{ticket}/sla"))!.Single(c => c.Kind == "first_response").Status;

    private static async Task<TicketDto> FileAsync(HttpClient staff, string channel, string? phone, string? email, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets")
        {
            Content = JsonContent.Create(new
            {
                channel, customer = new { name = "受理测试", phone, email }, subject = "转账未到账", description = "转账显示成功但对方没收到", category = "funds",
            }),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await staff.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
    }

    [Fact]
    public async Task An_app_complaint_taken_straight_into_work_is_acknowledged_once_by_sms_and_retries_clicks_and_merges_add_none()
    {
        var staff = await _factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var key = Guid.NewGuid().ToString("N");
        var ticket = await FileAsync(staff, "app", phone, null, key);
        var retried = await FileAsync(staff, "app", phone, null, key);
        Assert.Equal(ticket.Id, retried.Id);

        var ack = Assert.Single(await AcknowledgementsAsync(staff, ticket.Id));
        Assert.Equal(("sms", "pending"), (ack.Channel, ack.Status));
        Assert.Contains(ticket.Number, ack.Body);

        // Straight into 开始处理: nothing more is sent, and the app's first response still waits for the delivery.
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" })).StatusCode);
        Assert.Equal("running", await FirstResponseAsync(staff, ticket.Id));
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await _factory.DispatchNotificationsAsync());
        Assert.Equal("met", await FirstResponseAsync(staff, ticket.Id));
        Assert.Equal("sent", Assert.Single(await AcknowledgementsAsync(staff, ticket.Id)).Status);

        // A second complaint of the same customer merged into this one sends nothing new on either.
        var second = await FileAsync(staff, "app", phone, null);
        Assert.Single(await AcknowledgementsAsync(staff, second.Id));
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/tickets/{second.Id}/merge", new { into = ticket.Number, reason = "同一笔转账" })).StatusCode);
        Assert.Single(await AcknowledgementsAsync(staff, second.Id));
        Assert.Single(await AcknowledgementsAsync(staff, ticket.Id));

        var timeline = (await staff.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!.Items;
        Assert.Single(timeline, e => e.Kind == "notification" && e.Data!.Contains("\"acknowledged\""));
    }

    [Fact]
    public async Task The_agents_acknowledge_click_records_who_took_it_on_and_sends_nothing()
    {
        var staff = await _factory.AdminClientAsync();
        var ticket = await FileAsync(staff, "web", TestData.NewPhone(), null);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "acknowledge" })).StatusCode);
        Assert.Single(await AcknowledgementsAsync(staff, ticket.Id));
        var timeline = (await staff.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!.Items;
        var click = Assert.Single(timeline, e => e.Trigger == "acknowledge");
        Assert.Contains("takenOnBy", click.Data);
        // The click is not the customer's acknowledgement: the web form's first response still runs.
        Assert.Equal("running", await FirstResponseAsync(staff, ticket.Id));
    }

    [Fact]
    public async Task A_failing_sms_gateway_leaves_the_app_clock_running_until_it_breaches()
    {
        var staff = await _factory.AdminClientAsync();
        var ticket = await FileAsync(staff, "app", TestData.NewPhone(), null);
        _sms.Broken = true;
        try
        {
            Assert.Equal(0, await _factory.DispatchNotificationsAsync());
            Assert.Equal("failed", Assert.Single(await AcknowledgementsAsync(staff, ticket.Id)).Status);
            _clock.Advance(TimeSpan.FromMinutes(31));
            await _factory.Services.GetRequiredService<PayDesk.Features.Sla.SlaEvaluator>().RunAsync(CancellationToken.None);
            Assert.Equal("breached", await FirstResponseAsync(staff, ticket.Id));
        }
        finally
        {
            _sms.Broken = false;
        }
    }

    [Fact]
    public async Task Phone_and_email_complaints_are_acknowledged_but_their_first_response_waits_for_a_person()
    {
        var staff = await _factory.AdminClientAsync();
        var phone = await FileAsync(staff, "phone", TestData.NewPhone(), null);
        var email = await FileAsync(staff, "email", null, $"ack{Guid.NewGuid():N}@example.cn");
        Assert.Equal("sms", Assert.Single(await AcknowledgementsAsync(staff, phone.Id)).Channel);
        Assert.Equal("email", Assert.Single(await AcknowledgementsAsync(staff, email.Id)).Channel);

        Assert.Equal(2, await _factory.DispatchNotificationsAsync());
        Assert.Equal("running", await FirstResponseAsync(staff, email.Id));
        Assert.Equal("running", await FirstResponseAsync(staff, phone.Id));
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/tickets/{email.Id}/messages", new { body = "您好，已收到您的邮件，正在核实。" })).StatusCode);
        Assert.Equal("met", await FirstResponseAsync(staff, email.Id));
    }

    [Theory]
    [InlineData(TicketChannel.Email, "email")]
    [InlineData(TicketChannel.Sms, "sms")]
    [InlineData(TicketChannel.Chat, "sms")]
    [InlineData(TicketChannel.WeChat, "sms")]
    public async Task Complaints_arriving_through_the_channel_pipeline_are_acknowledged_once(TicketChannel channel, string expected)
    {
        var phone = TestData.NewPhone();
        var mail = $"in{Guid.NewGuid():N}@example.cn";
        var message = new InboundMessage
        {
            Channel = channel,
            ExternalId = Guid.NewGuid().ToString("N"),
            From = channel == TicketChannel.Email ? new InboundSender("王五", Email: mail) : new InboundSender("王五", Phone: phone, ExternalUserId: "o" + phone),
            Subject = "付款失败但扣款",
            Body = "付款失败但是钱被扣了，交易流水号 2026112400001111",
        };
        Guid ticketId;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ChannelIntake>().AcceptAsync(message, CancellationToken.None);
            Assert.Equal(InboundOutcome.Created, result.Outcome);
            ticketId = result.TicketId!.Value;
        }
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            // The channel re-delivers the same message: a duplicate, no second acknowledgement.
            Assert.Equal(InboundOutcome.Duplicate, (await scope.ServiceProvider.GetRequiredService<ChannelIntake>().AcceptAsync(message, CancellationToken.None)).Outcome);
        }
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var acks = await db.Notifications.Where(n => n.TicketId == ticketId && n.TemplateKey == DefaultTemplates.Acknowledged).ToListAsync();
            Assert.Equal(expected, PayDesk.Infrastructure.Http.EnumText.Name(Assert.Single(acks).Channel));
            Assert.NotNull((await db.Tickets.SingleAsync(t => t.Id == ticketId)).AcknowledgementQueuedAt);
        }
    }
}
