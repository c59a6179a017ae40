using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Channels.Chat;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>
/// An anonymous chat visitor could write Error entries with stack traces at will (an outside probe sent empty and
/// 4,001-character messages): SignalR logged every refused hub call at Error. Refusals now log below Error.
/// </summary>
public sealed class ChatHubLoggingTests
{
    [Fact]
    public async Task A_visitors_refused_messages_are_answered_and_log_no_error()
    {
        var capture = new CapturedLogs();
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["Assistant:Enabled"] = "false", ["Logging:LogLevel:PayDesk.Infrastructure.Http.HubErrorLogging"] = "Debug" },
            services: s =>
            {
                s.AddSingleton<ILoggerProvider>(capture);
                s.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero)));
            });
        var (_, visitor) = await ChatTests.StartVisitorAsync(factory, new { name = "刷日志", phone = TestData.NewPhone() });
        await using (visitor)
        {
            capture.Clear();
            for (var i = 0; i < 5; i++)
            {
                var tooLong = await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatMessageDto>("Send", $"long-{i}", new string('长', 4001)));
                Assert.Contains("4000", tooLong.Message);
                await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatMessageDto>("Send", $"empty-{i}", ""));
            }
            // Still a working chat afterwards.
            var sent = await visitor.InvokeAsync<ChatMessageDto>("Send", "fine-1", "还在吗");
            Assert.Equal("还在吗", sent.Body);
        }
        Assert.DoesNotContain(capture.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains(capture.Entries, e => e.Category == typeof(PayDesk.Infrastructure.Http.HubErrorLogging).FullName && e.Level == LogLevel.Debug);
    }
}
