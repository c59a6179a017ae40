using Microsoft.AspNetCore.SignalR.Client;
using PayDesk.Features.Channels.Chat;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>Work that must finish is not tied to a connection: a visitor whose socket drops mid-send still gets the answer.</summary>
public sealed class ChatDropTests
{
    private const int Trials = 40;

    [Fact]
    public async Task A_message_sent_as_the_connection_drops_is_kept_once_and_always_answered()
    {
        await using var factory = ChatTests.Host(ChatTests.InServiceHours, assistant: true);
        var random = new Random(17);
        var unanswered = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            var (chat, visitor) = await ChatTests.StartVisitorAsync(factory, new { name = "小李", phone = TestData.NewPhone() });
            var id = $"drop-{trial}";
            var send = visitor.InvokeAsync<ChatMessageDto>("Send", id, "退款一般多久到账？");
            // The socket goes at a random moment: before, during or after the server stores and answers.
            await Task.Delay(random.Next(0, 40));
            await visitor.DisposeAsync();
            try { await send; } catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException) { }

            // The widget reconnects and resends the same message id, as it does for any send it never heard back on.
            var again = ChatTests.Connect(factory, chat.Token);
            await again.StartAsync();
            var resent = await again.InvokeAsync<ChatMessageDto>("Send", id, "退款一般多久到账？");
            IReadOnlyList<ChatMessageDto> history = [];
            // Up to 20 s: the claim is that every stored message is answered, not how fast on a loaded test machine.
            for (var poll = 0; poll < 400; poll++)
            {
                history = await again.InvokeAsync<IReadOnlyList<ChatMessageDto>>("History", 0L);
                if (history.Any(m => m.FromBot && m.Id > resent.Id)) break;
                await Task.Delay(50);
            }
            Assert.Single(history, m => m.ClientMessageId == id);
            if (!history.Any(m => m.FromBot && m.Id > resent.Id)) unanswered++;
            await again.DisposeAsync();
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"[figure] chat drop-during-send: {Trials - unanswered} of {Trials} stored messages answered");
        Assert.Equal(0, unanswered);
    }
}
