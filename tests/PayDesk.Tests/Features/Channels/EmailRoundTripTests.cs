using System.Net;
using System.Net.Http.Json;
using MailKit.Security;
using MimeKit;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>A customer mails in (MailKit → PayDesk's listener); the agent's reply leaves through an SMTP relay, threaded.</summary>
public sealed class EmailRoundTripTests : IAsyncLifetime
{
    private readonly SmtpTestRelay _relay = new("relay");
    private readonly int _inbound = ChannelTestKit.FreePort();
    private PayDeskFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = ChannelTestKit.Settings(_inbound);
        settings["Email:Smtp:Host"] = "127.0.0.1";
        settings["Email:Smtp:Port"] = _relay.Port.ToString();
        settings["Email:Smtp:Security"] = "None";
        settings["Email:Smtp:FromAddress"] = "kefu@paydesk.example";
        _factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
        _factory.StartServer();
        await ChannelTestKit.WaitForPortAsync(_inbound);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _relay.DisposeAsync();
    }

    [Fact]
    public async Task The_agents_reply_reaches_the_customer_threaded_under_their_mail_and_their_answer_comes_back()
    {
        var from = $"zhou{TestData.NewPhone()}@example.cn";
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress("周九", from));
        mail.To.Add(new MailboxAddress("客服", "kefu@paydesk.example"));
        mail.Subject = "商户结算延迟";
        mail.MessageId = $"{Guid.NewGuid():N}@mail.example.cn";
        mail.Body = new TextPart("plain") { Text = "我们店 11 月 23 日的货款到现在还没结算。" };
        using (var client = new MailKit.Net.Smtp.SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", _inbound, SecureSocketOptions.None);
            await client.SendAsync(mail);
            await client.DisconnectAsync(true);
        }

        var admin = await _factory.AdminClientAsync();
        var summary = (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>("/api/v1/tickets?channel=email&q=" + Uri.EscapeDataString("商户结算延迟")))!.Items.Single();
        var reply = "您好，已联系结算部门核实，款项将于今日 18:00 前到账。";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/tickets/{summary.Id}/messages", new { body = reply })).StatusCode);
        await _factory.DispatchNotificationsAsync();

        // Two mails reach the customer: the automatic acknowledgement (受理确认, by e-mail since they wrote by e-mail) and the reply.
        var toCustomer = _relay.Messages.Where(m => m.To.Mailboxes.Any(b => b.Address == from)).ToList();
        Assert.Equal(2, toCustomer.Count);
        Assert.Single(toCustomer, m => (m.TextBody ?? "").Contains("已受理"));
        var sent = Assert.Single(toCustomer, m => (m.TextBody ?? "").Contains(reply));
        Assert.Contains(summary.Number, sent.Subject);
        Assert.Contains(reply, sent.TextBody);
        Assert.Equal(mail.MessageId, sent.InReplyTo);
        Assert.Equal("auto-generated", sent.Headers["Auto-Submitted"]);

        // The customer's mail client answers our reply: it threads back by our Message-ID.
        var answer = new MimeMessage();
        answer.From.Add(new MailboxAddress("周九", from));
        answer.To.Add(new MailboxAddress("客服", "kefu@paydesk.example"));
        answer.Subject = "Re: " + sent.Subject;
        answer.InReplyTo = sent.MessageId;
        answer.Body = new TextPart("plain") { Text = "收到，谢谢。\n\n在 2026年11月25日，PayDesk 客服 写道：\n> " + reply };
        using (var client = new MailKit.Net.Smtp.SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", _inbound, SecureSocketOptions.None);
            await client.SendAsync(answer);
            await client.DisconnectAsync(true);
        }
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{summary.Id}"))!;
        Assert.Equal("收到，谢谢。", ticket.Messages.Last().Body);
    }
}
