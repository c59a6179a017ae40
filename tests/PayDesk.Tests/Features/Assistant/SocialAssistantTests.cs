using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using PayDesk.Features.Channels;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Assistant;

/// <summary>Bot first on WeChat and the app: answered messages stay off complaints; hand-offs go onto one with the assistant's note.</summary>
public sealed class SocialAssistantTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        var settings = ChannelTestKit.Settings();
        settings["Assistant:Enabled"] = "true";
        settings["PublicBaseUrl"] = "https://help.paydesk.example";
        _factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<string> WeChatAsync(string openId, string text, long msgId)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        // WeChat signs every delivery with a fresh nonce; a nonce seen before is refused as a replay.
        var nonce = Random.Shared.Next(100_000_000, 999_999_999).ToString();
        var signature = ChannelTestKit.WeChatSignature(timestamp, nonce);
        var xml = $"<xml><ToUserName>gh_paydesk</ToUserName><FromUserName>{openId}</FromUserName><CreateTime>1764036000</CreateTime><MsgType>text</MsgType><Content><![CDATA[{text}]]></Content><MsgId>{msgId}</MsgId></xml>";
        var response = await _factory.CreateClient().PostAsync($"/api/v1/channels/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}", new StringContent(xml, Encoding.UTF8, "text/xml"));
        return (string?)XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Content") ?? "";
    }

    [Fact]
    public async Task A_wechat_question_is_answered_by_the_assistant_and_a_request_for_a_person_becomes_a_complaint()
    {
        var openId = "oBot" + Guid.NewGuid().ToString("N")[..10];
        var msgId = Random.Shared.NextInt64();
        var answer = await WeChatAsync(openId, "短信验证码一直收不到怎么办", msgId);
        Assert.Contains("/help/articles/verification-code-not-received", answer);
        Assert.StartsWith("http", answer[answer.IndexOf("http", StringComparison.Ordinal)..]);
        Assert.DoesNotMatch(@"PD-\d{4}-\d{6}", answer);
        // WeChat re-sends when we are slow: the same answer again, not a second turn.
        Assert.Equal(answer, await WeChatAsync(openId, "短信验证码一直收不到怎么办", msgId));

        var handed = await WeChatAsync(openId, "转人工", msgId + 1);
        var number = System.Text.RegularExpressions.Regex.Match(handed, @"PD-\d{4}-\d{6}").Value;
        Assert.NotEmpty(number);
        var admin = await _factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{number}", ChatTests.Json))!;
        Assert.Equal("we_chat", ticket.Channel);
        Assert.Contains(ticket.Messages, m => m.Visibility == "internal" && m.Body.Contains("客户要求人工"));
    }

    [Fact]
    public async Task A_wechat_hand_off_files_the_customers_problem_with_the_conversation_and_later_messages_join_it()
    {
        var openId = "oHand" + Guid.NewGuid().ToString("N")[..10];
        var msgId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        await WeChatAsync(openId, "你好", msgId);
        await WeChatAsync(openId, "我的退款还没到账，已经三天了", msgId + 1);
        var handed = await WeChatAsync(openId, "转人工", msgId + 2);
        var number = System.Text.RegularExpressions.Regex.Match(handed, @"PD-\d{4}-\d{6}").Value;
        Assert.NotEmpty(number);
        await WeChatAsync(openId, "订单号 T202611250001，金额 199 元", msgId + 3);

        var admin = await _factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{number}", ChatTests.Json))!;
        Assert.Equal("我的退款还没到账，已经三天了", ticket.Subject);
        Assert.Contains("我的退款还没到账", ticket.Description);
        Assert.Contains("你好", ticket.Description);
        Assert.Contains(ticket.Messages, m => m.Body.Contains("T202611250001") && m.Body.Contains("199"));
        // One complaint for the whole exchange, linked to the customer behind the WeChat user.
        var mine = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tickets?customerId={ticket.Customer.Id}", ChatTests.Json));
        Assert.Equal(1, mine.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_english_message_on_wechat_gets_an_english_answer_with_the_public_link_and_chinese_gets_chinese()
    {
        var openId = "oLang" + Guid.NewGuid().ToString("N")[..10];
        var msgId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var english = await WeChatAsync(openId, "How long does a refund take?", msgId);
        Assert.Contains("https://help.paydesk.example/help/articles/refund-timing?culture=en", english);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english);
        Assert.DoesNotContain("127.0.0.1", english);
        Assert.DoesNotContain("localhost", english);
        var chinese = await WeChatAsync(openId, "退款一般多久到账？", msgId + 1);
        Assert.Contains("https://help.paydesk.example/help/articles/refund-timing?culture=zh-CN", chinese);
        Assert.DoesNotContain("验证码", chinese);
    }

    [Theory]
    [InlineData(new[] { "你好", "我的退款还没到账，已经三天了", "转人工" }, "我的退款还没到账，已经三天了")]
    [InlineData(new[] { "转人工" }, null)]
    [InlineData(new[] { "hi", "refund missing", "agent" }, "refund missing")]
    [InlineData(new[] { "账户冻结", "人工客服" }, "账户冻结")]
    public void The_complaint_is_about_what_the_customer_said_not_how_they_asked_for_a_person(string[] said, string? subject) =>
        Assert.Equal(subject, PayDesk.Features.Assistant.SocialAssistant.ProblemOf(said));

    [Fact]
    public async Task The_app_webhook_returns_the_assistants_replies()
    {
        var user = "app-" + Guid.NewGuid().ToString("N")[..8];
        var response = await ChannelTestKit.PostSignedAsync(_factory.CreateClient(), "/api/v1/channels/social/app",
            JsonSerializer.Serialize(new { messageId = user + "-1", userId = user, text = "提现要收手续费吗" }, JsonSerializerOptions.Web), ChannelTestKit.SocialSecret);
        var result = (await response.Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        Assert.Equal(InboundOutcome.Answered, result.Outcome);
        Assert.Null(result.TicketId);
        Assert.Contains(result.Replies!, r => r.Contains("/help/articles/"));
    }
}
