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
        Guid id, VoteRequest request, HttpContext http, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Helpful is null) errors.AddKey("helpful", "Validation.Required");
        if (errors.Any) return errors.ToProblem();
        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id && a.PublishedTitle != null, ct);
        if (article is null) return TypedResults.NotFound();

        // A reader is their account when signed in, else a random id in a cookie: one answer each, changeable.
        var voter = actors.Current.UserId?.ToString() ?? http.Request.Cookies[VoterCookie];
        if (voter is null || voter.Length > 100)
        {
            voter = "anon-" + Guid.NewGuid().ToString("N");
            http.Response.Cookies.Append(VoterCookie, voter, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
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
}
