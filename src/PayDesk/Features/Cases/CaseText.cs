using System.Net;
using System.Text;

namespace PayDesk.Features.Cases;

/// <summary>How the case page shows a case's text: HTML-encoded, line breaks kept, placeholders marked so a reviewer sees what was removed.</summary>
internal static class CaseText
{
    public static string Html(string? text)
    {
        var html = new StringBuilder(WebUtility.HtmlEncode(text ?? ""));
        foreach (var p in Placeholder.All)
        {
            html.Replace(WebUtility.HtmlEncode(p), $"<mark class=\"ph\" data-placeholder>{WebUtility.HtmlEncode(p)}</mark>");
        }
        return html.Replace("\n", "<br>").ToString();
    }
}
