using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Tests.Infrastructure;
using PayDesk.Features.Channels.Email;

namespace PayDesk.Tests.Features.Channels;

/// <summary>Mail as Chinese mail servers and older clients really send it: headers in raw legacy bytes, UTF-16 words.</summary>
public sealed class EmailDecodingTests
{
    private static byte[] Mail(Encoding headers, string fromName, string subject, string bodyCharset, Encoding body, string text) =>
    [
        .. headers.GetBytes($"From: {fromName} <sender@example.cn>\r\nTo: help@paydesk.local\r\nSubject: {subject}\r\n"),
        .. Encoding.ASCII.GetBytes($"Message-ID: <{Guid.NewGuid():N}@example.cn>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset={bodyCharset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"),
        .. body.GetBytes(text + "\r\n"),
    ];

    [Theory]
    [InlineData("gb2312")]
    [InlineData("gbk")]
    [InlineData("us-ascii")]
    public void Raw_GBK_subject_and_sender_name_are_read_as_Chinese(string declaredBody)
    {
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding("GBK")!;
        var raw = Mail(gbk, "张三", "退款三天了还没到账", declaredBody, declaredBody == "us-ascii" ? Encoding.ASCII : gbk,
            declaredBody == "us-ascii" ? "Order T202611250001" : "订单号 T202611250001，金额 199 元");
        var message = EmailParser.Parse(raw).Message!;
        Assert.Equal("退款三天了还没到账", message.Subject);
        Assert.Equal("张三", message.From.Name);
    }

    [Fact]
    public void Raw_Big5_headers_follow_the_charset_the_text_declares()
    {
        var big5 = CodePagesEncodingProvider.Instance.GetEncoding("big5")!;
        var message = EmailParser.Parse(Mail(big5, "陳大文", "退款沒有到帳", "big5", big5, "交易序號 T202611250002")).Message!;
        Assert.Equal("退款沒有到帳", message.Subject);
        Assert.Equal("陳大文", message.From.Name);
        Assert.Contains("交易序號", message.Body);
    }

    [Fact]
    public void Raw_UTF8_headers_stay_UTF8()
    {
        var message = EmailParser.Parse(Mail(Encoding.UTF8, "李四", "账户被冻结", "utf-8", Encoding.UTF8, "无法付款")).Message!;
        Assert.Equal(("账户被冻结", "李四"), (message.Subject, message.From.Name));
    }

    [Fact]
    public void A_UTF16_encoded_word_without_byte_order_mark_is_big_endian()
    {
        var word = "=?utf-16?B?" + Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes("重复扣款")) + "?=";
        var raw = Encoding.ASCII.GetBytes($"From: a@example.cn\r\nSubject: {word}\r\nMessage-ID: <u16@example.cn>\r\nContent-Type: text/plain\r\n\r\nbody\r\n");
        Assert.Equal("重复扣款", EmailParser.Parse(raw).Message!.Subject);
    }

    [Fact]
    public void A_UTF16_encoded_word_with_a_byte_order_mark_keeps_it()
    {
        var word = "=?utf-16?B?" + Convert.ToBase64String([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("重复扣款")]) + "?=";
        var raw = Encoding.ASCII.GetBytes($"From: a@example.cn\r\nSubject: {word}\r\nMessage-ID: <u16le@example.cn>\r\nContent-Type: text/plain\r\n\r\nbody\r\n");
        Assert.Equal("重复扣款", EmailParser.Parse(raw).Message!.Subject!.TrimStart('\uFEFF'));
    }
}

/// <summary>Files customers send the way their phones and mail programs send them.</summary>
public sealed class EmailFilesTests
{
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    [Fact]
    public void An_inline_photo_and_a_forwarded_message_are_kept_as_files()
    {
        var raw = Encoding.ASCII.GetBytes(string.Join("\r\n",
            "From: Wang <wang@example.cn>", "To: help@paydesk.local", "Subject: =?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("扣款截图")) + "?=",
            "Message-ID: <inline-1@example.cn>", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b1\"", "",
            "--b1", "Content-Type: text/plain; charset=utf-8", "", "see the screenshot and the bank's mail", "",
            "--b1", "Content-Type: image/png; name=\"IMG_0001.PNG\"", "Content-Disposition: inline; filename=\"IMG_0001.PNG\"", "Content-Transfer-Encoding: base64", "", Png, "",
            "--b1", "Content-Type: message/rfc822", "", "From: bank@example.cn", "Subject: Refund notice", "Message-ID: <bank-1@example.cn>", "", "Your refund was sent.", "",
            "--b1--", ""));
        var message = EmailParser.Parse(raw).Message!;
        Assert.Equal("see the screenshot and the bank's mail", message.Body.Trim());
        Assert.Collection(message.Files.OrderBy(f => f.ContentType),
            photo => Assert.Equal(("IMG_0001.PNG", "image/png", 0x89), (photo.FileName, photo.ContentType, (int)photo.Content[0])),
            forwarded =>
            {
                Assert.Equal(("Refund notice.eml", "message/rfc822"), (forwarded.FileName, forwarded.ContentType));
                Assert.Contains("Your refund was sent.", Encoding.ASCII.GetString(forwarded.Content));
            });
    }
}

public sealed class AttachmentSniffTests
{
    [Fact]
    public void A_forwarded_mail_is_kept_and_an_executable_named_eml_is_not()
    {
        Assert.Equal("message/rfc822", PayDesk.Features.Channels.AttachmentStore.Sniff("notice.eml", "From: bank@example.cn\r\nSubject: x\r\n\r\nbody"u8));
        Assert.Null(PayDesk.Features.Channels.AttachmentStore.Sniff("notice.eml", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]));
        Assert.Null(PayDesk.Features.Channels.AttachmentStore.Sniff("notice.eml", "just some text without headers"u8));
    }
}

/// <summary>One Message-ID, two different messages (seen across senders and broken clients): both are kept.</summary>
public sealed class EmailIdentityTests
{
    private static byte[] Raw(string from, string subject, string body) => Encoding.UTF8.GetBytes(
        $"From: {from}\r\nTo: help@paydesk.local\r\nSubject: {subject}\r\nMessage-ID: <reused-1@broken-client>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n");

    [Fact]
    public async Task Two_different_mails_reusing_one_Message_ID_are_both_kept_and_a_redelivery_of_either_is_not()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: ChannelTestKit.Settings());
        async Task<PayDesk.Features.Channels.InboundResult> AcceptAsync(byte[] raw)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var intake = scope.ServiceProvider.GetRequiredService<PayDesk.Features.Channels.ChannelIntake>();
            return await intake.AcceptAsync(EmailParser.Parse(raw).Message!, CancellationToken.None);
        }
        var a = Raw($"a{TestData.NewPhone()}@example.cn", "退款未到账", "我的退款还没到账");
        var b = Raw($"b{TestData.NewPhone()}@example.cn", "账户被冻结", "账户无法付款");

        var first = await AcceptAsync(a);
        var second = await AcceptAsync(b);
        Assert.Equal(PayDesk.Features.Channels.InboundOutcome.Created, first.Outcome);
        Assert.Equal(PayDesk.Features.Channels.InboundOutcome.Created, second.Outcome);
        Assert.NotEqual(first.TicketId, second.TicketId);

        var again = await AcceptAsync(a);
        var againB = await AcceptAsync(b);
        Assert.Equal((PayDesk.Features.Channels.InboundOutcome.Duplicate, first.TicketId), (again.Outcome, again.TicketId));
        Assert.Equal((PayDesk.Features.Channels.InboundOutcome.Duplicate, second.TicketId), (againB.Outcome, againB.TicketId));
    }
}
