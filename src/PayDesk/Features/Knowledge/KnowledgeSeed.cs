using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Knowledge;

/// <summary>
/// The help centre's starting content (content/knowledge, written for PayDesk, embedded in the
/// server): about thirty topics in Chinese and English, two internal procedures, and agents'
/// macros. Loaded once into an empty knowledge base, published, so search works from the first start.
/// </summary>
internal static class KnowledgeSeed
{
    public sealed record ParsedArticle(string Slug, string Locale, string Title, string Category, string[] Tags, ArticleVisibility Visibility, string[] Related, string Body);

    public static IEnumerable<string> ArticleResources() =>
        typeof(KnowledgeSeed).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("knowledge/articles/", StringComparison.Ordinal) && n.EndsWith(".md"));

    /// <summary>Front matter (slug, locale, title, category, tags, visibility, related) and the Markdown body.</summary>
    public static ParsedArticle Parse(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0 || lines[0].Trim() != "---") throw new FormatException("An article starts with a '---' front-matter block.");
        var end = lines.Skip(1).ToList().FindIndex(l => l.Trim() == "---") + 1;
        if (end <= 0) throw new FormatException("The front matter is not closed with '---'.");
        var fields = lines.Skip(1).Take(end - 1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
        string Field(string name) => fields.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new FormatException($"Front matter lacks '{name}'.");
        static string[] List(string value) => value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ParsedArticle(Field("slug"), Field("locale"), Field("title"), Field("category"),
            List(fields.GetValueOrDefault("tags", "")), Field("visibility") == "internal" ? ArticleVisibility.Internal : ArticleVisibility.Public,
            List(fields.GetValueOrDefault("related", "")), string.Join('\n', lines.Skip(end + 1)).Trim());
    }

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        if (string.Equals(configuration["Knowledge:SeedArticles"], "false", StringComparison.OrdinalIgnoreCase)) return;
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Articles.AnyAsync(ct)) return;
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        AddArticles(db, now);
        var macros = JsonSerializer.Deserialize<List<Macro>>(string.Join('\n', TextSegmenter.ReadContent("knowledge/macros.json")), JsonSerializerOptions.Web) ?? [];
        foreach (var m in macros) db.Macros.Add(new Macro { Key = m.Key, Locale = m.Locale, Title = m.Title, Body = m.Body, UpdatedAt = now });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the embedded articles, published, to the unit of work.</summary>
    public static void AddArticles(AppDbContext db, DateTime now)
    {
        foreach (var name in ArticleResources())
        {
            var a = Parse(TextSegmenter.ReadContent(name).ToList());
            var article = new Article
            {
                Slug = a.Slug, Locale = a.Locale, Title = a.Title, Body = a.Body, Category = a.Category, Tags = string.Join(",", a.Tags),
                Related = string.Join(",", a.Related), Visibility = a.Visibility, Status = ArticleStatus.Published, CreatedAt = now, UpdatedAt = now,
                UpdatedBy = "PayDesk", PublishedTitle = a.Title, PublishedBody = a.Body, PublishedHtml = ArticleMarkdown.ToHtml(a.Body), PublishedVersion = 1,
                PublishedAt = now,
            };
            db.Articles.Add(article);
            db.ArticleRevisions.Add(new ArticleRevision
            {
                ArticleId = article.Id, Version = 1, Status = ArticleStatus.Published, Title = a.Title, Body = a.Body, Action = "imported",
                ChangedBy = "PayDesk", ChangedAt = now,
            });
        }
    }
}
