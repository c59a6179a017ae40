using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Features.Knowledge;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Assistant;

/// <summary>Fills the staff reply box from an agent-assist link: the assistant's draft, a macro or an article.</summary>
internal sealed class ReplyDrafts(AppDbContext db, AgentAssistSuggestion assistant, Settings.PublicAddress address) : IReplyDraftSource
{
    /// <summary>The text an "insert" link asks for: a macro filled in from the complaint, or an article's title, gist and link.</summary>
    public async Task<string?> DraftAsync(string? reply, Guid ticketId, string agentName, CancellationToken ct)
    {
        if (reply == "draft")
        {
            var t = await db.Tickets.AsNoTracking().Include(x => x.Customer).FirstAsync(x => x.Id == ticketId, ct);
            return (await assistant.ForAsync(t, agentName, ct)).Draft.Replace("/help/articles/", address.Link("/help/articles/"));
        }
        if (reply?.Split(':', 2) is not [var kind, var key]) return null;
        var ticket = await db.Tickets.AsNoTracking().Include(t => t.Customer).FirstAsync(t => t.Id == ticketId, ct);
        var locale = ticket.Customer?.Locale ?? "zh-CN";
        if (kind == "macro")
        {
            var macro = await db.Macros.AsNoTracking().Where(m => m.Key == key).OrderBy(m => m.Locale == locale ? 0 : 1).FirstOrDefaultAsync(ct);
            return macro is null ? null : MacroText.Render(macro.Body, ticket, agentName);
        }
        if (kind == "article")
        {
            var article = await db.Articles.AsNoTracking().Where(a => a.Slug == key && a.PublishedTitle != null && a.Visibility == ArticleVisibility.Public)
                .OrderBy(a => a.Locale == locale ? 0 : 1).FirstOrDefaultAsync(ct);
            if (article is null) return null;
            var gist = ArticleMarkdown.Gist(ArticleMarkdown.ToPlainText(article.PublishedBody ?? ""));
            return $"{article.PublishedTitle}\n{gist}\n{address.Link($"/help/articles/{article.Slug}")}";
        }
        return null;
    }
}
