using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

/// <summary>"Was this helpful?": one answer per reader, changeable.</summary>
internal static class VoteOnArticle
{
    public sealed record VoteRequest(bool? Helpful);

    public const string VoterCookie = "pd_voter";

    public static async Task<Results<Ok<ArticleSummary>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, VoteRequest request, HttpContext http, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l,
        IDataProtectionProvider protection, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Helpful is null) errors.AddKey("helpful", "Validation.Required");
        if (errors.Any) return errors.ToProblem();
        // Only what this reader may read can be voted on (an internal article is staff's, archived ones are gone).
        var actor = actors.Current;
        var readable = await ArticleViews.Visible(db, actor).AnyAsync(a => a.Id == id, ct);
        var article = readable ? await db.Articles.FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        if (article is null) return TypedResults.NotFound();

        // A reader is their account when signed in, else an id this server issued in a signed cookie: one answer each,
        // changeable. The cookie's value was taken as given — any value was a new voter, and a staff member's id theirs.
        var protector = protection.CreateProtector("PayDesk.Knowledge.Voter");
        var voter = actor.UserId?.ToString() ?? Issued(protector, http.Request.Cookies[VoterCookie]);
        if (voter is null)
        {
            voter = "anon-" + Guid.NewGuid().ToString("N");
            http.Response.Cookies.Append(VoterCookie, protector.Protect(voter),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
        }
        var vote = await db.ArticleVotes.FirstOrDefaultAsync(v => v.ArticleId == id && v.Voter == voter, ct);
        if (vote is null)
        {
            db.ArticleVotes.Add(new ArticleVote { ArticleId = id, Voter = voter, Helpful = request.Helpful!.Value, At = clock.GetUtcNow().UtcDateTime });
            if (request.Helpful!.Value) article.HelpfulYes++; else article.HelpfulNo++;
        }
        else if (vote.Helpful != request.Helpful)
        {
            vote.Helpful = request.Helpful!.Value;
            vote.At = clock.GetUtcNow().UtcDateTime;
            if (vote.Helpful) { article.HelpfulYes++; article.HelpfulNo--; } else { article.HelpfulNo++; article.HelpfulYes--; }
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ArticleViews.Summary(article, published: true));
    }

    private static string? Issued(IDataProtector protector, string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 400) return null;
        try
        {
            var voter = protector.Unprotect(cookie);
            return voter.StartsWith("anon-", StringComparison.Ordinal) ? voter : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
