using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using PayDesk.Features.Assistant;
using PayDesk.Features.Channels.Chat;
using PayDesk.Tests.Features.Channels;

namespace PayDesk.Tests.Features.Assistant;

/// <summary>The optional generative model behind an OpenAI-compatible endpoint (a stand-in on loopback).</summary>
public sealed class GroundedPhrasingTests
{
    [Fact]
    public void Personal_numbers_are_masked_before_a_prompt_leaves()
    {
        var masked = GroundedPhrasing.Mask("我手机 13912345678，卡号 6222021234567890123，身份证 11010519491231002X");
        Assert.DoesNotContain("13912345678", masked);
        Assert.DoesNotContain("6222021234567890123", masked);
        Assert.DoesNotContain("11010519491231002X", masked);
        Assert.Contains("139****5678", masked);
    }

    private static async Task<(WebApplication App, List<string> Prompts)> StubAsync(string answer)
    {
        var prompts = new List<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpRequest r) =>
        {
            using var reader = new StreamReader(r.Body);
            var body = await reader.ReadToEndAsync();
            lock (prompts) prompts.Add(body);
            return Results.Json(new
            {
                id = "chatcmpl-1", @object = "chat.completion", created = 1764036000, model = "stub",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            });
        });
        await app.StartAsync();
        return (app, prompts);
    }

    private static async Task<string> AskAsync(string endpoint, string question)
    {
        await using var factory = ChatTests.Host(ChatTests.InServiceHours, new Dictionary<string, string?> { ["Assistant:Llm:Endpoint"] = endpoint }, assistant: true);
        var (chat, visitor) = await ChatTests.StartVisitorAsync(factory, new { name = "钱五" });
        var replies = new List<string>();
        visitor.On<ChatMessageDto>("message", m => { if (m.FromBot) lock (replies) replies.Add(m.Body); });
        await visitor.InvokeAsync<ChatMessageDto>("Send", "q1", question);
        for (var i = 0; i < 100 && replies.Count < 2; i++) await Task.Delay(50);
        await visitor.DisposeAsync();
        return string.Join("\n", replies);
    }

    [Fact]
    public async Task A_grounded_answer_is_phrased_by_the_model_without_personal_data_in_the_prompt()
    {
        var (app, prompts) = await StubAsync("请先检查手机是否开启了短信拦截，然后在 60 秒后重新获取验证码。");
        await using (app)
        {
            var reply = await AskAsync(app.Urls.First() + "/v1", "短信验证码一直收不到怎么办，我手机是 13912345678");
            Assert.Contains("短信拦截", reply);
            Assert.Contains("/help/articles/verification-code-not-received", reply);
            var prompt = Assert.Single(prompts);
            Assert.DoesNotContain("13912345678", prompt);
            Assert.Contains("139****5678", JsonDocument.Parse(prompt).RootElement.GetProperty("messages")[1].GetProperty("content").GetString());
        }
    }

    [Fact]
    public async Task An_answer_with_a_number_the_article_does_not_have_is_not_used()
    {
        var (app, _) = await StubAsync("您的退款 9999 元已经到账。");
        await using (app)
        {
            var reply = await AskAsync(app.Urls.First() + "/v1", "短信验证码一直收不到怎么办");
            Assert.DoesNotContain("9999", reply);
            Assert.Contains("/help/articles/verification-code-not-received", reply);
        }
    }
}
