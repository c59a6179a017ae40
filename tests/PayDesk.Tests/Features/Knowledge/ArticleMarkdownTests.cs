using PayDesk.Features.Knowledge;

namespace PayDesk.Tests.Features.Knowledge;

/// <summary>Articles are written in Chinese: emphasis beside Chinese punctuation is emphasis, not asterisks on the page.</summary>
public sealed class ArticleMarkdownTests
{
    [Theory]
    [InlineData("如果两笔**都显示“支付成功”**，请联系客服。", "都显示“支付成功”")]
    [InlineData("请注意：**客服不会索要您的支付密码。**任何人索要都是诈骗。", "客服不会索要您的支付密码。")]
    [InlineData("退款到账时间为**1–3 个工作日（节假日顺延）**。", "1–3 个工作日（节假日顺延）")]
    public void Emphasis_beside_chinese_punctuation_is_bold_and_its_marks_leave_the_plain_text(string markdown, string bold)
    {
        var html = ArticleMarkdown.ToHtml(markdown);
        Assert.Contains($"<strong>{bold}</strong>", html);
        Assert.DoesNotContain("**", html);
        Assert.DoesNotContain("**", ArticleMarkdown.ToPlainText(markdown));
    }
}
