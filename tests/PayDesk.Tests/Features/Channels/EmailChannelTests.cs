using System.Net.Http.Json;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PayDesk.Features.Channels;
using PayDesk.Features.Channels.Email;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

public sealed class EmailParserTests
{
    [Fact]
    public void Quoted_text_and_signatures_are_trimmed_in_chinese_and_english_mail()
    {
        Assert.Equal("退款还没到账，请尽快处理。", EmailParser.TrimQuotedText("退款还没到账，请尽快处理。\n\n在 2026年11月24日 10:00，PayDesk 客服 写道：\n> 您好，已受理"));
        Assert.Equal("Still waiting.", EmailParser.TrimQuotedText("Still waiting.\n\nOn Mon, 23 Nov 2026 at 10:00, PayDesk <kefu@paydesk.example> wrote:\n> Hello"));
        Assert.Equal("请查一下。", EmailParser.TrimQuotedText("请查一下。\n-- \n张三\n某某公司"));
        Assert.Equal("好的", EmailParser.TrimQuotedText("好的\n\n发自我的iPhone"));
        Assert.Equal("见附件", EmailParser.TrimQuotedText("见附件\n-----原始邮件-----\n发件人: kefu"));
    }

    [Theory]
    [InlineData("Auto-Submitted: auto-replied\r\n", "Re: 工单", "auto_reply")]
    [InlineData("Precedence: bulk\r\n", "Newsletter", "auto_reply")]
    [InlineData("", "自动回复：我正在休假", "auto_reply")]
    [InlineData("", "Out of Office: back Monday", "auto_reply")]
    [InlineData("Auto-Submitted: no\r\n", "退款问题", null)]
    public void Auto_replies_are_recognised(string header, string subject, string? expected)
    {
        var raw = Encoding.UTF8.GetBytes($"From: a@example.cn\r\nTo: kefu@paydesk.example\r\nMessage-ID: <{Guid.NewGuid():N}@example.cn>\r\n{header}Subject: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n正文\r\n");
        Assert.Equal(expected, EmailParser.Parse(raw).Message!.AutomaticReason);
    }

    [Fact]
    public void Bounces_and_unreadable_mail_are_told_apart()
    {
        var dsn = Encoding.UTF8.GetBytes("From: MAILER-DAEMON@mx.example.cn\r\nTo: kefu@paydesk.example\r\nSubject: Undelivered Mail\r\nMessage-ID: <dsn1@mx>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b--\r\n");
        Assert.Equal("bounce", EmailParser.Parse(dsn).Message!.AutomaticReason);
        Assert.Equal("unparseable", EmailParser.Parse([0x00, 0x01, 0x02, 0xFF, 0x0D, 0x0A]).FailureReason);
        Assert.Equal("no_sender", EmailParser.Parse(Encoding.UTF8.GetBytes("Subject: hi\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n")).FailureReason);
    }
}

/// <summary>Mail in through PayDesk's own SMTP listener (MailKit as the sending server), replies out through a relay.</summary>
[LongRunning(18)]
public sealed class EmailChannelTests : IAsyncLifetime
{
    private readonly int _port = ChannelTestKit.FreePort();
    private PayDeskFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: ChannelTestKit.Settings(_port));
        _factory.StartServer();
        await ChannelTestKit.WaitForPortAsync(_port);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task SendAsync(params MimeMessage[] messages)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", _port, SecureSocketOptions.None);
        foreach (var message in messages) await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    private static MimeMessage Copy(MimeMessage message)
    {
        using var bytes = new MemoryStream();
        message.WriteTo(bytes);
        bytes.Position = 0;
        return MimeMessage.Load(bytes);
    }

    private static MimeMessage Mail(string from, string subject, string body, string? inReplyTo = null, string? id = null)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress("李四", from));
        mail.To.Add(new MailboxAddress("客服", "kefu@paydesk.example"));
        mail.Subject = subject;
        mail.MessageId = id ?? $"{Guid.NewGuid():N}@mail.example.cn";
        if (inReplyTo is not null) mail.InReplyTo = inReplyTo;
        mail.Body = new TextPart("plain") { Text = body };
        return mail;
    }

    [Fact]
    public async Task A_mail_opens_a_complaint_and_the_customers_reply_threads_onto_it()
    {
        var from = $"lisi{TestData.NewPhone()}@example.cn";
        var first = Mail(from, "退款一周未到账", "我 11 月 18 日申请的退款 299 元还没到账，交易流水号 2026111812345678。");
        var attachment = new MimePart("image", "png") { FileName = "截图.png", Content = new MimeContent(new MemoryStream([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])) };
        var exe = new MimePart("application", "octet-stream") { FileName = "tool.exe", Content = new MimeContent(new MemoryStream("MZ\x90\0"u8.ToArray())) };
        first.Body = new Multipart("mixed") { first.Body!, attachment, exe };
        await SendAsync(first);

        var admin = await _factory.AdminClientAsync();
        var tickets = (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?channel=email&q={Uri.EscapeDataString("退款一周未到账")}", ChatTests.Json))!;
        var summary = Assert.Single(tickets.Items);
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{summary.Id}", ChatTests.Json))!;
        Assert.Equal("email", ticket.Channel);
        Assert.Equal("退款一周未到账", ticket.Subject);
        Assert.Contains("tool.exe", ticket.Description);

        // The customer answers in their mail client: In-Reply-To the first mail, quoting it.
        await SendAsync(Mail(from, "Re: 退款一周未到账", "补充：是用招商银行卡支付的。\n\nOn Tue, 24 Nov 2026, PayDesk wrote:\n> 您好", inReplyTo: first.MessageId));
        // … and once more from another client, naming the complaint number only.
        await SendAsync(Mail(from, $"关于 {ticket.Number}", "请问进展如何？"));

        ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{summary.Id}", ChatTests.Json))!;
        Assert.Equal(["补充：是用招商银行卡支付的。", "请问进展如何？"], ticket.Messages.Where(m => m.FromCustomer).Select(m => m.Body).ToArray());
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal("截图.png", Assert.Single(await db.Attachments.Where(a => a.TicketId == summary.Id).ToListAsync()).FileName);
    }

    [Fact]
    public async Task A_thousand_mails_with_duplicates_junk_and_auto_replies_land_exactly_once_and_nothing_is_lost()
    {
        var random = new Random(20261125);
        var valid = new List<MimeMessage>();
        for (var i = 0; i < 800; i++)
        {
            valid.Add(Mail($"bulk{i % 300}-{_port}@example.cn", $"批量测试 {i}", $"第 {i} 封：重复扣款 {random.Next(1, 999)} 元"));
        }
        // A redelivery is the same bytes again, not the same object: MimeKit's parts read one shared stream, and two
        // connections writing one message at once interleave their reads (a different message under the same id).
        var duplicates = Enumerable.Range(0, 100).Select(i => Copy(valid[random.Next(valid.Count)])).ToList();
        var autoReplies = Enumerable.Range(0, 50).Select(i =>
        {
            var m = Mail($"ooo{i}@example.cn", $"自动回复：休假中 {i}", "我正在休假，11 月 30 日回来。");
            m.Headers.Add("Auto-Submitted", "auto-replied");
            return m;
        }).ToList();
        var junk = Enumerable.Range(0, 50).Select(i => i % 2 == 0
            ? Encoding.UTF8.GetBytes($"this is not a mail at all {i}\r\n\u0000\u0001")
            : Encoding.UTF8.GetBytes($"Subject: 无发件人 {i}\r\nMessage-ID: <nofrom{i}-{_port}@x>\r\n\r\n正文\r\n")).ToList();

        var all = valid.Concat(duplicates).Concat(autoReplies).OrderBy(_ => random.Next()).ToList();
        // Several connections at once, as a real MX hands over mail.
        await Task.WhenAll(all.Chunk(all.Count / 4 + 1).Select(chunk => SendAsync(chunk)));
        foreach (var raw in junk) Assert.Equal(250, await ChannelTestKit.SendRawSmtpAsync(_port, raw));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = valid.Select(m => m.MessageId).ToList();
        var receipts = await db.InboundReceipts.Where(r => ids.Contains(r.ExternalId)).ToListAsync();
        Assert.Equal(800, receipts.Count);
        Assert.All(receipts, r => Assert.NotNull(r.TicketId));
        var bulkTickets = await db.Tickets.Where(t => t.Subject.StartsWith("批量测试")).Select(t => new { t.Id, Text = t.Description }).ToListAsync();
        var bulkMessages = await db.TicketMessages.Where(m => m.Body.StartsWith("第 ")).Select(m => new { Id = m.TicketId, Text = m.Body }).ToListAsync();
        // Each valid mail is one complaint or one message on one, never both, never twice.
        if (bulkTickets.Count + bulkMessages.Count != 800)
        {
            var kept = receipts.Select(r => r.TicketId).ToHashSet();
            var extra = bulkTickets.Where(t => !kept.Contains(t.Id)).Select(t => t.Text);
            var renamed = await db.InboundReceipts.Where(r => r.ExternalId.Contains("#")).Select(r => r.ExternalId).ToListAsync();
            Assert.Fail($"{bulkTickets.Count} complaints + {bulkMessages.Count} messages; complaints no receipt names: {string.Join(" | ", extra)}; ids kept apart: {string.Join(", ", renamed)}");
        }
        var held = await db.QuarantinedMessages.ToListAsync();
        Assert.Equal(50, held.Count(q => q.Reason == "auto_reply"));
        Assert.Equal(25, held.Count(q => q.Reason == "unparseable"));
        Assert.Equal(25, held.Count(q => q.Reason == "no_sender"));
        Assert.All(held, q => Assert.NotEmpty(q.Raw));

        var admin = await _factory.AdminClientAsync();
        var listed = (await admin.GetFromJsonAsync<PageDto<QuarantineItem>>("/api/v1/channels/quarantine?status=held&pageSize=100", ChatTests.Json))!;
        Assert.Equal(100, listed.Total);
    }

    [Fact]
    public async Task An_administrator_releases_an_auto_reply_that_was_a_real_answer()
    {
        var from = $"wangwu{TestData.NewPhone()}@example.cn";
        var mail = Mail(from, "自动回复：收到", "其实我想问退款进度");
        mail.Headers.Add("Auto-Submitted", "auto-replied");
        await SendAsync(mail);
        var admin = await _factory.AdminClientAsync();
        var items = (await admin.GetFromJsonAsync<PageDto<QuarantineItem>>("/api/v1/channels/quarantine?status=held&pageSize=100", ChatTests.Json))!.Items;
        var held = items.First(i => i.Subject == "自动回复：收到");
        Assert.Equal("message/rfc822", (await admin.GetAsync($"/api/v1/channels/quarantine/{held.Id}/raw")).Content.Headers.ContentType!.MediaType);

        var released = await admin.PostAsync($"/api/v1/channels/quarantine/{held.Id}/release", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, released.StatusCode);
        Assert.NotNull((await released.Content.ReadFromJsonAsync<QuarantineItem>(ChatTests.Json))!.TicketId);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/v1/channels/quarantine/{held.Id}/discard", null)).StatusCode);
    }
}
