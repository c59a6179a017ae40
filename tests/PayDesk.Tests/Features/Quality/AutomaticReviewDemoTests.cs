using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Features.Demo;

namespace PayDesk.Tests.Features.Quality;

/// <summary>Issue 19's acceptance: the automatic review over the demo data scores every finished complaint and chat.</summary>
public sealed class AutomaticReviewDemoTests(DemoHost host) : IClassFixture<DemoHost>
{
    [Fact]
    public async Task Every_finished_demo_complaint_and_chat_is_scored_and_the_scorecards_show_every_agent()
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var finished = await db.Tickets.Where(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed).Select(t => t.Id).ToListAsync();
        var ended = await db.Conversations.Where(c => c.Status == ConversationStatus.Ended).Select(c => c.Id).ToListAsync();
        // The host's own background round may hold some of them under its lease when this run starts (this run then leaves
        // them to it): run until a round finds nothing left, for at most half a minute.
        List<AutomaticReview> reviews = [];
        for (var started = DateTime.UtcNow; DateTime.UtcNow - started < TimeSpan.FromSeconds(30); await Task.Delay(200))
        {
            await host.Factory.Services.GetRequiredService<AutomaticReviewJob>().RunAsync(CancellationToken.None);
            reviews = await db.Set<AutomaticReview>().AsNoTracking().Where(r => r.ReviewedAt != null).ToListAsync();
            if (reviews.Count >= finished.Count + ended.Count) break;
        }

        Assert.True(finished.Count > 100, $"{finished.Count} finished demo complaints");
        Assert.Empty(finished.Except(reviews.Where(r => r.Subject == ReviewSubject.Complaint).Select(r => r.SubjectId)));
        // The demo has chats, every one of them ended, and every one scored.
        Assert.True(ended.Count >= 10, $"{ended.Count} ended demo chats");
        Assert.Equal(await db.Conversations.CountAsync(), ended.Count);
        Assert.Empty(ended.Except(reviews.Where(r => r.Subject == ReviewSubject.Chat).Select(r => r.SubjectId)));
        Assert.True(await db.Conversations.CountAsync(c => c.TicketId != null) >= 3, "some demo chats are the start of a complaint");
        Assert.True(await db.Conversations.CountAsync(c => c.VerifiedAt != null) >= 3, "some demo chats verify the customer");
        // What the chats are there to show: a customer turning angry, account data read out before verification, a forbidden phrase.
        var chatIds = reviews.Where(r => r.Subject == ReviewSubject.Chat).Select(r => r.Id).ToList();
        var chatItems = await db.Set<AutomaticReviewItem>().AsNoTracking().Where(i => chatIds.Contains(i.ReviewId)).ToListAsync();
        Assert.Contains(chatItems, i => i.ItemKey == AutomaticReviewRules.Items.Sentiment && i.Detail == "turned_negative" && i.Points == 0);
        Assert.Contains(chatItems, i => i.ItemKey == AutomaticReviewRules.Items.VerificationBeforeDisclosure && i.Points == 0);
        Assert.Contains(chatItems, i => i.ItemKey == AutomaticReviewRules.Items.VerificationBeforeDisclosure && i.Points == i.MaxPoints);
        Assert.Contains(chatItems, i => i.ItemKey == AutomaticReviewRules.Items.ForbiddenPhrases && i.Points < i.MaxPoints);
        Assert.Contains(chatItems, i => i.ItemKey == AutomaticReviewRules.Items.FirstResponse);
        Assert.All(reviews, r => Assert.InRange(r.Score ?? -1, 0, 100));
        // The demo month missed some targets and reopened some complaints: not everyone scores 100.
        Assert.Contains(reviews, r => r.Score < 100);

        var report = await sp.GetRequiredService<ScorecardQuery>().RunAsync(
            ScorecardQuery.Parse(null, null, "agent", null, null, null, new Actor(null, "tests", new HashSet<string> { Roles.Supervisor }, null),
                DateTime.UtcNow, new PayDesk.Infrastructure.Http.ValidationErrors(sp.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()))!,
            CancellationToken.None);
        var owners = await db.Tickets.Where(t => finished.Contains(t.Id) && t.OwnerId != null).Select(t => t.OwnerId!.Value).Distinct().ToListAsync();
        Assert.Equal(owners.Select(o => o.ToString()).Order(), report.Totals.Where(t => t.Kind == QualityScoreKind.Automatic).Select(t => t.Key).Order());
        Assert.NotEmpty(report.Losses);
    }
}
