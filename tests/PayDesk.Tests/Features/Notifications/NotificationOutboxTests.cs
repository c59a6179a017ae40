using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Notifications;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Notifications;

/// <summary>Nothing is silently dropped: failed sends are retried with back-off and end visible as dead.</summary>
public sealed class NotificationOutboxTests : IAsyncLifetime
{
    private sealed class BrokenSmsGateway : INotificationSender
    {
        public int Calls;

        public NotificationChannel Channel => NotificationChannel.Sms;

        public Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            throw new HttpRequestException("gateway answered 503");
        }
    }

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly BrokenSmsGateway _sms = new();
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, services: s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.RemoveAll<INotificationSender>();
            s.AddSingleton<INotificationSender>(_sms);
            s.AddSingleton<INotificationSender, InAppSender>();
        }, settings: new Dictionary<string, string?> { ["Notifications:MaxAttempts"] = "3" });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_failing_sms_is_retried_with_back_off_then_kept_as_dead()
    {
        var admin = await _factory.AdminClientAsync();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "赵六", phone = TestData.NewPhone() }, subject = "验证码收不到", description = "换手机后收不到验证码",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        // The automatic acknowledgement (SMS) is queued at intake; the progress notice goes by SMS and in-app.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "await_customer", reason = "请提供截图" })).StatusCode);

        Assert.Equal(1, await _factory.DispatchNotificationsAsync());   // in-app goes, both SMS fail
        Assert.Equal(2, _sms.Calls);
        Assert.Equal(0, await _factory.DispatchNotificationsAsync());   // not due yet: back-off
        Assert.Equal(2, _sms.Calls);

        for (var round = 0; round < 3; round++)
        {
            _clock.Advance(TimeSpan.FromMinutes(10));
            await _factory.DispatchNotificationsAsync();
        }
        Assert.Equal(6, _sms.Calls);

        admin = await _factory.AdminClientAsync();
        var notices = (await admin.GetFromJsonAsync<PageDto<NoticeDto>>($"/api/v1/tickets/{ticket.Id}/notifications"))!.Items;
        var sms = notices.Where(n => n.Channel == "sms").ToList();
        Assert.Equal(2, sms.Count);
        Assert.All(sms, n => Assert.Equal(("dead", 3), (n.Status, n.Attempts)));
        Assert.All(sms, n => Assert.Contains("503", n.LastError));
        Assert.Equal("sent", Assert.Single(notices, n => n.Channel == "in_app").Status);
    }

    public sealed record NoticeDto(Guid Id, string Channel, string Status, int Attempts, string? LastError);
}
