using Ganss.Xss;
using Markdig;

namespace PayDesk.Features.Knowledge;

/// <summary>
/// Article Markdown → HTML (Markdig), cleaned by HtmlSanitizer so an editor's paste can never run script in a reader's browser.
/// Emphasis is CJK-friendly: plain CommonMark left "两笔**都显示“支付成功”**，" as it was typed, asterisks and all, since the
/// marks touch Chinese punctuation on one side and a character on the other.
/// </summary>
internal static class ArticleMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().UseCjkFriendlyEmphasis().DisableHtml().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        // Relative links (/help/articles/…) stay; absolute ones must be https.
        return sanitizer;
    }

    public static string ToHtml(string markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    public static string ToPlainText(string markdown) => Markdown.ToPlainText(markdown, Pipeline);

    /// <summary>The first paragraph of plain text: what a reply quotes from an article.</summary>
    public static string Gist(string plainText) =>
        plainText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}
