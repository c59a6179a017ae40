using System.Net;
using System.Net.Http.Json;
using MimeKit;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Notifications;

/// <summary>E-mail notices leave through a real SMTP relay (an in-process SmtpServer on loopback).</summary>
public sealed class SmtpNoticeTests : IAsyncLifetime
{
    private readonly SmtpTestRelay _inbox = new();
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _inbox.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:FromAddress"] = "kefu@paydesk.example",
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _inbox.DisposeAsync();
    }

    [Fact]
    public async Task The_acknowledgement_reaches_the_customers_mailbox_in_chinese()
    {
        var admin = await _factory.AdminClientAsync();
        var email = $"zhang{TestData.NewPhone()}@example.cn";
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "email", customer = new { name = "张三", email }, subject = "退款未到账", description = "退款一周未到账", category = "refund",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "acknowledge" })).StatusCode);

        await _factory.DispatchNotificationsAsync();

        var mail = Assert.Single(_inbox.Messages);
        Assert.Equal(email, mail.To.Mailboxes.Single().Address);
        Assert.Equal("kefu@paydesk.example", mail.From.Mailboxes.Single().Address);
        Assert.Equal($"您的投诉已受理：{ticket.Number}", mail.Subject);
        Assert.Contains("张三您好", mail.TextBody);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        var notices = (await admin.GetFromJsonAsync<PageDto<NoticeDto>>($"/api/v1/tickets/{ticket.Id}/notifications"))!.Items;
        Assert.Equal("sent", Assert.Single(notices, n => n.Channel == "email").Status);
    }

    public sealed record NoticeDto(Guid Id, string Channel, string Status);
}
