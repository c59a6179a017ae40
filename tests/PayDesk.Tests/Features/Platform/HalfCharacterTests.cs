using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// Length limits never cut an emoji (two UTF-16 units) in half, and half of one never reaches the database: Npgsql's
/// strict UTF-8 encoder threw on it, so an SMS whose first line ended in an emoji at the subject's cut was a 500 on
/// PostgreSQL (and the gateway redelivered it for ever), while SQLite stored a replacement mark.
/// </summary>
public sealed class HalfCharacterTests
{
    private const string Emoji = "😀";

    private static bool Whole(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }

    [Fact]
    public void Cuts_step_back_rather_than_split_a_character()
    {
        var text = new string('a', 59) + Emoji + "tail";
        Assert.Equal(new string('a', 59), ClippedText.Head(text, 60));
        Assert.Equal(new string('a', 59) + Emoji, ClippedText.Head(text, 61));
        Assert.Equal(new string('a', 59) + "…", ClippedText.FirstLine(text, 60));
        Assert.Equal(new string('a', 59) + "…", ClippedText.Clip(text, 61));
        // A limit of nothing is nothing, not a lone ellipsis longer than the limit.
        Assert.Equal("", ClippedText.Clip(text, 0));
        Assert.Equal("…", ClippedText.Clip(text, 1));
        Assert.Equal("tail", ClippedText.Tail(Emoji + "tail", 5));
        Assert.Equal(Emoji + "tail", ClippedText.Tail(Emoji + "tail", 6));
        Assert.Equal("abc", ClippedText.Head("abc", 10));
        Assert.Equal("", ClippedText.Head(Emoji, 1));
        for (var max = 1; max < 70; max++)
        {
            Assert.True(Whole(ClippedText.Head(text, max)), $"Head {max}");
            Assert.True(Whole(ClippedText.Tail(text, max)), $"Tail {max}");
            Assert.True(Whole(ClippedText.Clip(text, max + 1)), $"Clip {max}");
        }
    }

    [Fact]
    public void Lone_halves_become_the_replacement_mark_and_NULs_go()
    {
        Assert.Null(NulFreeText.Cleaned("冻结 " + Emoji + " ok"));
        Assert.Equal("a\uFFFDb", NulFreeText.Cleaned("a\uD83Db"));
        Assert.Equal("a\uFFFD", NulFreeText.Cleaned("a\uDE00"));
        Assert.Equal("ab\uFFFD" + Emoji, NulFreeText.Cleaned("a\0b\uD83D" + Emoji));
        Assert.Equal("ab", NulFreeText.Cleaned("a\0b"));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_sms_whose_first_line_ends_in_an_emoji_at_the_cut_is_filed_whole(Provider provider)
    {
        if (provider == Provider.Postgres && PostgresServer.ConnectionString is null)
        {
            Assert.Skip("PostgreSQL tests need PAYDESK_TEST_POSTGRES; scripts/test starts a server and sets it.");
        }
        await using var factory = new PayDeskFactory(provider, settings: ChannelTestKit.Settings());
        var client = factory.CreateClient();
        var phone = "1390" + Random.Shared.Next(1_000_000, 9_999_999);
        var text = "我的退款还没到账" + new string('啊', 51) + Emoji + "后面还有话";
        var response = await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound",
            JsonSerializer.Serialize(new { messageId = "sms-emoji-" + phone, from = phone, text }, JsonSerializerOptions.Web), ChannelTestKit.SmsSecret);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var result = (await response.Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == result.TicketId, TestContext.Current.CancellationToken);
        Assert.True(Whole(ticket.Subject), ticket.Subject);
        Assert.EndsWith("啊…", ticket.Subject);
        Assert.Contains(Emoji + "后面还有话", ticket.Description);
    }

    [Fact]
    public async Task A_lone_half_sent_as_json_is_refused_with_400()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite);
        var admin = await factory.AdminClientAsync();
        using var content = new StringContent("""{"channel":"app","customer":{"name":"测试","phone":"13900000001"},"subject":"半个表情","description":"退款 \ud83d 没到"}""",
            System.Text.Encoding.UTF8, "application/json");
        var response = await admin.PostAsync("/api/v1/tickets", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
