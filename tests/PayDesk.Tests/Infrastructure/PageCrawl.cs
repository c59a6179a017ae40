using System.Net;

namespace PayDesk.Tests.Infrastructure;

/// <summary>
/// Opens the pages a person can reach, as that person: every page in their menu, then one page of each kind linked from
/// those (pages whose addresses differ only in ids, numbers and page numbers are one kind).
/// </summary>
public static class PageCrawl
{
    /// <summary>
    /// Opens every page in the menu of <paramref name="start"/> and <paramref name="extra"/>, then one page of each kind
    /// linked from them (a complaint, an agent, an incident, a case, a CSV export …); returns how many kinds were opened and
    /// adds every answer other than 200 (404 for a linked page) to <paramref name="failed"/>.
    /// </summary>
    /// <param name="english">The person reads English: the pages' controls (column heads, labels, buttons, menus) must not be Chinese.</param>
    public static async Task<int> RunAsync(HttpClient client, string start, IEnumerable<string> extra, string who, List<string> failed, bool english = false)
    {
        var first = await client.GetStringAsync(start);
        var nav = first[first.IndexOf("id=\"main-nav\"", StringComparison.Ordinal)..];
        nav = nav[..nav.IndexOf("</nav>", StringComparison.Ordinal)];
        var paths = Links(nav).Concat(extra).Distinct().ToList();
        Assert.True(paths.Count > 3, nav);
        var opened = new HashSet<string>();
        var next = new List<string>();
        foreach (var path in paths)
        {
            var response = await client.GetAsync(path);
            opened.Add(Shape(path));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failed.Add($"{path} ({who}): {(int)response.StatusCode}");
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            Check(path, html);
            next.AddRange(Links(html.IndexOf("<main", StringComparison.Ordinal) is var at and >= 0 ? html[at..] : html));
        }
        // Razor encodes an attribute's "&amp;" again: such links sent "amp;format=csv" and got JSON instead of a CSV file.
        failed.AddRange(next.Where(p => p.Contains("&amp;", StringComparison.Ordinal)).Distinct().Select(p => $"{p} ({who}): encoded twice"));
        foreach (var path in next.Distinct())
        {
            if (!opened.Add(Shape(path))) continue;
            var response = await client.GetAsync(path);
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound)) failed.Add($"{path} ({who}): {(int)response.StatusCode}");
            else if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html") Check(path, await response.Content.ReadAsStringAsync());
        }
        return opened.Count;

        // Every page says where the person is: one main heading, and a title of its own in the browser's tab.
        void Check(string path, string html)
        {
            // The API reference is the bundled Scalar page, not one of PayDesk's.
            if (path.StartsWith("/api-docs", StringComparison.Ordinal)) return;
            // A streamed page sends its finished markup again after the first (in <blazor-ssr>): the first is the page.
            if (html.IndexOf("<blazor-ssr", StringComparison.Ordinal) is var streamed and > 0) html = html[..streamed];
            var headings = System.Text.RegularExpressions.Regex.Matches(html, "<h1[ >]").Count;
            if (headings != 1) failed.Add($"{path} ({who}): {headings} main headings (h1)");
            var title = System.Text.RegularExpressions.Regex.Match(html, "<title>([^<]*)</title>").Groups[1].Value.Trim();
            if (title.Length == 0 || title == "PayDesk") failed.Add($"{path} ({who}): no page title of its own (\"{title}\")");
            // Where a live page's failure is told (without it the page just stopped answering clicks).
            if (!html.Contains("id=\"blazor-error-ui\"", StringComparison.Ordinal)) failed.Add($"{path} ({who}): no place to say a live page failed");
            // Headings carry data (a complaint's subject, a customer's name, an article's sections): only the page's controls are
            // checked for the language — column heads, labels, buttons, menus.
            // A link to the Chinese version (?culture=zh-CN) is Chinese on purpose.
            if (path.Contains("culture=", StringComparison.Ordinal)) return;
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html,
                         "<(th|label|button|summary|legend)\\b[^>]*>([^<]*)<"))
            {
                var words = System.Net.WebUtility.HtmlDecode(m.Groups[2].Value).Trim();
                if (english && words.Any(c => c is >= '\u4e00' and <= '\u9fff')) failed.Add($"{path} ({who}): Chinese in an English page's <{m.Groups[1].Value}>: {words}");
                // And the other way: an English phrase in a Chinese page's controls is a text never translated.
                if (!english && System.Text.RegularExpressions.Regex.IsMatch(words, "[A-Za-z]{3,} [A-Za-z]{3,}")) failed.Add($"{path} ({who}): English in a Chinese page's <{m.Groups[1].Value}>: {words}");
            }
        }

        static IEnumerable<string> Links(string html) =>
            System.Text.RegularExpressions.Regex.Matches(html, "href=\"(/[^\"#]*)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
                .Where(p => !p.StartsWith("/account", StringComparison.Ordinal) && !p.StartsWith("/culture", StringComparison.Ordinal));

        // One page of each kind: ids, numbers and page numbers in the address do not make another kind.
        static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path.Split('?')[0],
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|PD-\\d{4}-\\d+|\\d+", "#") + (path.Contains('?') ? "?" + string.Join("&", path.Split('?')[1].Split('&').Select(kv => kv.Split('=')[0]).Order()) : "");
    }
}
