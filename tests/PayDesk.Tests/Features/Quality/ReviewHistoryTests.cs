using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Identity;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Quality;

/// <summary>
/// The review workspace's history is the complaint's whole history: a complaint opened from a live chat, continued by the
/// customer's e-mail, and a phone call linked to it with the agent's note, each arriving through its own channel
/// (SignalR chat, SMTP, the PBX webhook), on a controlled clock inside the chat line's service hours.
/// </summary>
public sealed class ReviewHistoryTests : IAsyncLifetime
{
    private readonly int _smtpPort = ChannelTestKit.FreePort();
    private PayDeskFactory _factory = null!;

    private FakeTimeProvider Clock => (FakeTimeProvider)_factory.Services.GetRequiredService<TimeProvider>();

    public async ValueTask InitializeAsync()
    {
        _factory = ChatTests.Host(ChatTests.InServiceHours, ChannelTestKit.Settings(_smtpPort));
        _factory.StartServer();
        await ChannelTestKit.WaitForPortAsync(_smtpPort);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task The_review_lists_the_chat_transcript_the_email_and_the_call_with_its_note_in_time_order()
    {
        var time = Clock;
        var phone = TestData.NewPhone();
        var email = $"wu{phone}@example.cn";
        var admin = await _factory.AdminClientAsync();
        var bearer = admin.DefaultRequestHeaders.Authorization!.Parameter!;

        // 1. A chat: the customer asks, the agent answers, and the agent ends it with a complaint.
        var (chat, visitor) = await ChatTests.StartVisitorAsync(_factory, new { name = "吴十", phone, email });
        await using var _ = visitor;
        var agent = ChatTests.Connect(_factory, bearer: bearer);
        await using var __ = agent;
        await agent.StartAsync();
        await agent.InvokeAsync<IReadOnlyList<ChatMessageDto>>("AgentAccept", chat.Conversation.Id);
        time.Advance(TimeSpan.FromMinutes(1));
        await visitor.InvokeAsync<ChatMessageDto>("Send", "v-1", "我的提现三天了还没到账");
        time.Advance(TimeSpan.FromMinutes(1));
        await agent.InvokeAsync<ChatMessageDto>("AgentSend", chat.Conversation.Id, "a-1", "您好，我帮您登记投诉并跟进");
        time.Advance(TimeSpan.FromMinutes(1));
        var ended = await agent.InvokeAsync<ConversationDto>("AgentEnd", chat.Conversation.Id, true, "在线：提现未到账");
        var ticketId = ended.TicketId!.Value;
        var number = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticketId}"))!.Number;

        // 2. Five minutes later the customer e-mails about it, naming the complaint.
        time.Advance(TimeSpan.FromMinutes(5));
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress("吴十", email));
        mail.To.Add(new MailboxAddress("客服", "kefu@paydesk.example"));
        mail.Subject = $"关于 {number}";
        mail.MessageId = $"{Guid.NewGuid():N}@mail.example.cn";
        mail.Body = new TextPart("plain") { Text = "补充：提现到的是建设银行卡。" };
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", _smtpPort, SecureSocketOptions.None);
            await smtp.SendAsync(mail);
            await smtp.DisconnectAsync(true);
        }

        // 3. Five minutes later the customer calls; the agent links the call to the complaint with a note.
        time.Advance(TimeSpan.FromMinutes(5));
        var callStart = time.GetUtcNow();
        var callId = "call-" + Guid.NewGuid().ToString("N")[..12];
        var pbx = _factory.CreateClient();
        foreach (var (type, seconds) in new[] { ("ringing", 0), ("answered", 8), ("ended", 128) })
        {
            var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["eventId"] = $"{callId}-{type}", ["callId"] = callId, ["type"] = type, ["at"] = callStart.AddSeconds(seconds), ["from"] = phone,
                ["agent"] = type == "answered" ? PayDeskFactory.AdminEmail : null,
            }, JsonSerializerOptions.Web);
            var sent = await ChannelTestKit.PostSignedAsync(pbx, "/api/v1/channels/phone/events", payload, ChannelTestKit.PhoneSecret, at: time.GetUtcNow());
            Assert.True(sent.StatusCode == HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        }
        time.Advance(TimeSpan.FromMinutes(3));
        admin = await _factory.AdminClientAsync();
        var call = (await admin.GetFromJsonAsync<PageDto<CallDto>>("/api/v1/calls?pageSize=100"))!.Items.Single(c => c.CallId == callId);
        var tooLong = await admin.PostAsJsonAsync($"/api/v1/calls/{call.Id}/ticket", new { ticketId = number, note = new string('长', 1001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var linked = await admin.PostAsJsonAsync($"/api/v1/calls/{call.Id}/ticket", new { ticketId = number, note = "客户来电催促，已告知银行处理需1-3个工作日，电话13912345678" });
        Assert.True(linked.StatusCode == HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());

        // A reviewer (not the agent, who owns the complaint) opens it for review.
        var reviewer = await NewSupervisorAsync();
        var picked = await reviewer.PostAsJsonAsync("/api/v1/quality/reviews", new { ticket = number });
        Assert.True(picked.StatusCode == HttpStatusCode.OK, await picked.Content.ReadAsStringAsync());
        var reviewId = (await picked.Content.ReadFromJsonAsync<ReviewIdDto>())!.Id;
        var history = (await reviewer.GetFromJsonAsync<DetailDto>($"/api/v1/quality/reviews/{reviewId}"))!.History;

        // The complaint as it came in is part of what is judged (a walk found only the agent's side listed).
        var filed = Assert.Single(history, h => h.Ref.StartsWith("complaint:", StringComparison.Ordinal));
        Assert.True(filed.FromCustomer);
        Assert.False(string.IsNullOrWhiteSpace(filed.Text));
        var asked = Assert.Single(history, h => h.Kind == "chat" && h.Text == "我的提现三天了还没到账");
        Assert.True(asked.FromCustomer);
        var answered = Assert.Single(history, h => h.Kind == "chat" && h.Text == "您好，我帮您登记投诉并跟进");
        Assert.False(answered.FromCustomer);
        var mailed = Assert.Single(history, h => h.Kind == "email");
        Assert.Equal("补充：提现到的是建设银行卡。", mailed.Text);
        Assert.True(mailed.FromCustomer);
        var called = Assert.Single(history, h => h.Kind == "call");
        Assert.Equal($"call:{call.Id}", called.Ref);
        Assert.Equal("inbound", called.Direction);
        Assert.Contains("2:00", called.Text);                                  // answered at 8 s, ended at 128 s
        // The note is with the call, personal numbers masked, and not listed a second time as a bare timeline entry.
        Assert.Equal("客户来电催促，已告知银行处理需1-3个工作日，电话139****5678", called.Note);
        Assert.DoesNotContain(history, h => h.Kind == "event" && h.Text.Contains("客户来电催促", StringComparison.Ordinal));

        // Oldest first: the chat, then the e-mail, then the call.
        Assert.Equal(history.OrderBy(h => h.At).Select(h => h.Ref), history.Select(h => h.Ref));
        Assert.True(asked.At < answered.At && answered.At < mailed.At && mailed.At < called.At,
            string.Join(" | ", history.Select(h => $"{h.At:HH:mm:ss} {h.Kind} {h.Text}")));
        Assert.Equal(callStart.UtcDateTime, called.At);

        // The workspace page shows the call's direction and note beside it.
        var page = await reviewer.GetStringAsync($"/quality/reviews/{reviewId}");
        Assert.Contains("data-testid=\"call-note\"", page);
        Assert.Contains("139****5678", page);
        Assert.DoesNotContain("13912345678", page);
    }

    private async Task<HttpClient> NewSupervisorAsync()
    {
        var address = $"supervisor{TestData.NewPhone()}@paydesk.local";
        await using var scope = _factory.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(address, "质检主管", "supervisor", PayDeskFactory.AdminPassword);
        Assert.True(user is not null, string.Join(" ", errors));
        return await _factory.ClientForAsync(address, PayDeskFactory.AdminPassword);
    }

    public sealed record CallDto(Guid Id, string CallId, Guid? TicketId);

    public sealed record HistoryDto(string Ref, DateTime At, string Kind, string Author, bool FromCustomer, string Text, string? Note, string? Direction);

    public sealed record ReviewIdDto(Guid Id);

    public sealed record DetailDto(ReviewIdDto Review, List<HistoryDto> History);
}
