using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels;
using PayDesk.Features.Channels.Email;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>Whatever held a message, an administrator who has looked at it can put it onto a complaint.</summary>
public sealed class EmailQuarantineReleaseTests(EmailQuarantineReleaseTests.Host host) : IClassFixture<EmailQuarantineReleaseTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public PayDeskFactory Factory { get; private set; } = null!;

        public ValueTask InitializeAsync()
        {
            var settings = ChannelTestKit.SettingsWithSpamd();
            Factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
    }

    private async Task<InboundResult> ReceiveAsync(byte[] raw, bool nullSender = false)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmailReceiver>().ReceiveAsync(raw, nullSender, CancellationToken.None);
    }

    private static byte[] Fixture(string file) => File.ReadAllBytes(Path.Combine(EmailCorpus.Folder, file));

    /// <summary>A fixture made unique (its Message-ID and sender), so this class's deliveries never meet the corpus's.</summary>
    private static byte[] Unique(string file)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var text = Encoding.Latin1.GetString(Fixture(file)).Replace("@example.", $"{tag}@example.").Replace("Message-ID: <", $"Message-ID: <{tag}.");
        return Encoding.Latin1.GetBytes(text);
    }

    private async Task<(HttpResponseMessage Response, Guid? TicketId)> ReleaseAsync(Guid id, object? body = null)
    {
        var admin = await host.Factory.AdminClientAsync();
        var response = body is null ? await admin.PostAsync($"/api/v1/channels/quarantine/{id}/release", null)
            : await admin.PostAsJsonAsync($"/api/v1/channels/quarantine/{id}/release", body);
        var ticket = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<QuarantineItem>(ChatTests.Json))!.TicketId : null;
        return (response, ticket);
    }

    private async Task<PayDesk.Features.Complaints.Ticket> TicketAsync(Guid id)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tickets.Include(t => t.Customer).AsNoTracking().SingleAsync(t => t.Id == id);
    }

    [Theory]
    [InlineData("035-dsn-mailer-daemon.eml", "bounce", true)]
    [InlineData("037-mdn-chinese.eml", "receipt", false)]
    [InlineData("039-auto-submitted.eml", "auto_reply", false)]
    [InlineData("044-auto-answer-163.eml", "auto_reply", false)]
    public async Task Automatic_mail_is_released_onto_a_complaint(string file, string reason, bool nullSender)
    {
        var held = await ReceiveAsync(Unique(file), nullSender);
        Assert.Equal(reason, held.Reason);
        var (response, ticketId) = await ReleaseAsync(held.QuarantineId!.Value);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(ticketId);
    }

    [Fact]
    public async Task An_empty_mail_is_released_as_a_complaint_with_a_placeholder_text()
    {
        var held = await ReceiveAsync(Unique("029-completely-empty.eml"));
        Assert.Equal("empty", held.Reason);
        var (response, ticketId) = await ReleaseAsync(held.QuarantineId!.Value);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = await TicketAsync(ticketId!.Value);
        Assert.Equal("（这条消息没有正文。）", ticket.Description);
        Assert.False(string.IsNullOrWhiteSpace(ticket.Subject));
    }

    [Fact]
    public async Task A_subject_without_text_is_a_complaint_at_once()
    {
        var result = await ReceiveAsync(Unique("028-subject-only.eml"));
        Assert.Equal(InboundOutcome.Created, result.Outcome);
        Assert.Equal("（这条消息没有正文。）", (await TicketAsync(result.TicketId!.Value)).Description);
    }

    [Theory]
    [InlineData("033-no-from.eml", "no_sender")]
    [InlineData("034-from-without-domain.eml", "no_sender")]
    [InlineData("032-binary-garbage.eml", "unparseable")]
    public async Task A_mail_without_a_usable_sender_is_released_once_the_administrator_names_one(string file, string reason)
    {
        var raw = file.StartsWith("032") ? [.. Fixture(file), .. Encoding.ASCII.GetBytes(Guid.NewGuid().ToString())] : Unique(file);
        var held = await ReceiveAsync(raw);
        Assert.Equal(reason, held.Reason);
        var id = held.QuarantineId!.Value;

        var (missing, _) = await ReleaseAsync(id);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("sender", await missing.Content.ReadAsStringAsync());
        var (invalid, _) = await ReleaseAsync(id, new { sender = "not a contact" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var email = $"named{Guid.NewGuid():N}@example.cn";
        var (response, ticketId) = await ReleaseAsync(id, new { sender = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = await TicketAsync(ticketId!.Value);
        Assert.Equal(email, ticket.Customer!.Email);
        Assert.DoesNotContain('\uFFFD', ticket.Description);
    }

    [Fact]
    public async Task Spam_that_was_not_is_released_without_being_scored_again()
    {
        SpamdTestServer.RequireOrSkip();
        var held = await ReceiveAsync(Unique("058-chinese-casino-spam.eml"));
        Assert.Equal("spam", held.Reason);
        var (response, ticketId) = await ReleaseAsync(held.QuarantineId!.Value);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("注册即送888元彩金，天天返水!!!", (await TicketAsync(ticketId!.Value)).Subject);
    }
}

/// <summary>The shapes of mail that used to lose their text or files: Outlook's empty multipart, uuencode.</summary>
public sealed class EmailShapesTests
{
    private static InboundMessage Parse(string file) => EmailParser.Parse(File.ReadAllBytes(Path.Combine(EmailCorpus.Folder, file))).Message!;

    [Fact]
    public void Outlook_text_after_an_empty_multipart_is_the_body()
    {
        Assert.Equal("申请退款：订单 T202611290019，金额 88 元。", Parse("019-outlook-empty-multipart.eml").Body);
    }

    [Fact]
    public void A_uuencoded_block_in_the_text_becomes_a_file_and_leaves_the_text()
    {
        var message = Parse("022-uuencode-in-body.eml");
        var file = Assert.Single(message.Files);
        Assert.Equal("statement.pdf", file.FileName);
        Assert.StartsWith("%PDF-1.4", Encoding.ASCII.GetString(file.Content));
        Assert.DoesNotContain("begin 644", message.Body);
        Assert.Contains("流水附在下面", message.Body);
        Assert.Contains("谢谢", message.Body);
    }

    [Fact]
    public void An_x_uuencode_part_is_decoded()
    {
        var file = Assert.Single(Parse("023-x-uuencode-part.eml").Files);
        Assert.Equal(("screenshot.png", 0x89), (file.FileName, (int)file.Content[0]));
        Assert.Equal("image/png", AttachmentStore.Sniff(file.FileName, file.Content));
    }
}
