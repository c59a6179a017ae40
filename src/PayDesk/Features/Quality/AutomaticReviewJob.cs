using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

/// <summary>Settings of the automatic review (Quality:Automatic).</summary>
internal sealed class AutomaticReviewOptions
{
    public const string Section = "Quality:Automatic";

    public bool Enabled { get; set; } = true;

    [Range(5, 3600)] public int IntervalSeconds { get; set; } = 60;

    /// <summary>Complaints or chats claimed, read and written together.</summary>
    [Range(1, 5000)] public int BatchSize { get; set; } = 500;

    /// <summary>How long an instance's claim on a batch lasts; a crashed instance's batch is taken over after it.</summary>
    [Range(30, 3600)] public int LeaseSeconds { get; set; } = 300;
}

/// <summary>
/// Reviews every complaint once it is resolved or closed (again when it is reopened or resolved again) and every ended
/// chat. Idempotent and safe with several instances: a batch is claimed by inserting its placeholder rows (the unique
/// index lets only one instance insert a complaint's row) or by a conditional update of an expired lease, and only the
/// rows that carry this round's lease token are reviewed.
/// </summary>
internal sealed class AutomaticReviewJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AutomaticReviewOptions> options,
    SlaPolicyStore sla, ILogger<AutomaticReviewJob> logger)
{
    /// <summary>Reviews until nothing is left (or <paramref name="maxBatches"/> batches); returns how many complaints and chats it reviewed.</summary>
    public async Task<int> RunAsync(CancellationToken ct, int maxBatches = int.MaxValue)
    {
        var total = 0;
        for (var batch = 0; batch < maxBatches; batch++)
        {
            var done = await ReviewBatchAsync(ReviewSubject.Complaint, ct) + await ReviewBatchAsync(ReviewSubject.Chat, ct);
            total += done;
            if (done == 0) break;
        }
        if (total > 0) logger.LogInformation("Automatic review scored {Count} complaints and chats", total);
        return total;
    }

    private async Task<int> ReviewBatchAsync(ReviewSubject subject, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var size = options.Value.BatchSize;
        var due = subject == ReviewSubject.Complaint ? await DueComplaintsAsync(db, now, size, ct) : await DueChatsAsync(db, now, size, ct);
        if (due.Count == 0) return 0;

        var machine = Environment.MachineName;
        var token = $"{(machine.Length > 30 ? machine[..30] : machine)}:{Guid.NewGuid():N}";
        var leaseUntil = now.AddSeconds(options.Value.LeaseSeconds);
        var claimed = await ClaimAsync(db, subject, due, token, now, leaseUntil, ct);
        if (claimed.Count == 0) return 0;

        var inputs = subject == ReviewSubject.Complaint
            ? await AutomaticReviewInputs.ComplaintsAsync(db, claimed, now, ct)
            : await AutomaticReviewInputs.ChatsAsync(db, claimed, SlaPolicy.FirstResponse(TicketChannel.Chat, sla.Current).Minutes, now, ct);
        var rules = await scope.ServiceProvider.GetRequiredService<AutomaticReviewRulesFactory>().CreateAsync(ct);

        var rows = await db.Set<AutomaticReview>().Include(r => r.Items)
            .Where(r => r.Subject == subject && claimed.Contains(r.SubjectId) && r.LeaseOwner == token).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.SubjectId);
        foreach (var (header, input) in inputs)
        {
            if (!byId.TryGetValue(header.SubjectId, out var row)) continue;
            Apply(db, row, header, rules.Score(input), now);
        }
        // A claimed subject that vanished (a deleted chat) loses its claim and its placeholder.
        foreach (var orphan in rows.Where(r => inputs.All(i => i.Header.SubjectId != r.SubjectId))) db.Remove(orphan);
        await db.SaveChangesAsync(ct);
        return inputs.Count;
    }

    /// <summary>Writes one review's result into its row (the items replaced) and gives up the claim.</summary>
    internal static void Apply(AppDbContext db, AutomaticReview row, ReviewHeader header, IReadOnlyList<AutomaticItemScore> items, DateTime now)
    {
        db.RemoveRange(row.Items);
        row.Items.Clear();
        foreach (var item in items)
        {
            row.Items.Add(new AutomaticReviewItem
            {
                ReviewId = row.Id, ItemKey = item.Key, Points = (double)item.Points, MaxPoints = (double)item.MaxPoints,
                Detail = item.Detail is { } d ? PayDesk.Infrastructure.Http.ClippedText.Head(d, 400) : null,
            });
        }
        row.Reference = header.Reference;
        row.AgentId = header.AgentId;
        row.Team = header.Team;
        row.WorkAt = header.WorkAt;
        row.WeekStart = QualityWeek.StartOf(header.WorkAt);
        row.Points = (double)items.Sum(i => i.Points);
        row.MaxPoints = (double)items.Sum(i => i.MaxPoints);
        row.Score = (double?)AutomaticReviewRules.Percent(items);
        row.ReopenCount = header.ReopenCount;
        row.ResolvedAt = header.ResolvedAt;
        row.ClosedAt = header.ClosedAt;
        row.ReviewedAt = now;
        row.LeaseOwner = null;
        row.LeaseUntil = null;
    }

    /// <summary>Resolved or closed complaints never reviewed, and reviewed ones whose reopen count or resolution changed since.</summary>
    internal static Task<List<Guid>> DueComplaintsAsync(AppDbContext db, DateTime now, int limit, CancellationToken ct) => (
        from t in db.Tickets
        from r in db.Set<AutomaticReview>().Where(r => r.Subject == ReviewSubject.Complaint && r.SubjectId == t.Id).DefaultIfEmpty()
        where (r == null && (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed))
            || (r != null && (r.LeaseUntil == null || r.LeaseUntil < now)
                && (r.ReviewedAt == null || r.ReopenCount != t.ReopenCount || r.ResolvedAt != t.ResolvedAt || r.ClosedAt != t.ClosedAt))
        orderby t.Id
        select t.Id).Take(limit).ToListAsync(ct);

    /// <summary>Ended chats never reviewed (an ended chat does not change again).</summary>
    internal static Task<List<Guid>> DueChatsAsync(AppDbContext db, DateTime now, int limit, CancellationToken ct) => (
        from c in db.Conversations
        from r in db.Set<AutomaticReview>().Where(r => r.Subject == ReviewSubject.Chat && r.SubjectId == c.Id).DefaultIfEmpty()
        where c.Status == ConversationStatus.Ended && (r == null || (r.ReviewedAt == null && (r.LeaseUntil == null || r.LeaseUntil < now)))
        orderby c.Id
        select c.Id).Take(limit).ToListAsync(ct);

    /// <summary>Claims what it can of <paramref name="due"/> for this round; returns the subjects it holds.</summary>
    private static async Task<List<Guid>> ClaimAsync(AppDbContext db, ReviewSubject subject, List<Guid> due, string token, DateTime now,
        DateTime leaseUntil, CancellationToken ct)
    {
        var reviews = db.Set<AutomaticReview>();
        var existing = await reviews.AsNoTracking().Where(r => r.Subject == subject && due.Contains(r.SubjectId)).Select(r => r.SubjectId).ToListAsync(ct);
        // Rows already there: a conditional update takes only those whose lease is free.
        if (existing.Count > 0)
        {
            await reviews.Where(r => r.Subject == subject && existing.Contains(r.SubjectId) && (r.LeaseUntil == null || r.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, token).SetProperty(r => r.LeaseUntil, leaseUntil), ct);
        }
        // New ones: the placeholder row is the claim; another instance inserting the same subject first makes ours fail.
        var fresh = Placeholders(due.Except(existing).ToList(), subject, token, leaseUntil, now);
        if (fresh.Count > 0)
        {
            reviews.AddRange(fresh);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (Exception ex) when (LostRace(ex))
            {
                // Someone else claimed some of them at the same moment: insert one by one and keep what we get. (A deadlock
                // between two instances' batches, which the keys' order below prevents, is handled the same way.)
                db.ChangeTracker.Clear();
                foreach (var row in fresh)
                {
                    reviews.Add(row);
                    try
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    catch (Exception single) when (LostRace(single))
                    {
                    }
                    db.ChangeTracker.Clear();
                }
            }
            db.ChangeTracker.Clear();
        }
        return await reviews.AsNoTracking().Where(r => r.Subject == subject && due.Contains(r.SubjectId) && r.LeaseOwner == token)
            .Select(r => r.SubjectId).ToListAsync(ct);
    }

    /// <summary>
    /// The placeholder rows that claim <paramref name="subjects"/> (in the order the due query returned them, the database's
    /// order of subjects). Their keys ascend in that same order: EF Core sends a batch's inserts in key order, so two instances
    /// claiming overlapping subjects take the unique index's entries in the same order — on PostgreSQL the later one waits and
    /// then finds the duplicate, instead of the two deadlocking (random version-7 keys within one millisecond did).
    /// </summary>
    internal static List<AutomaticReview> Placeholders(List<Guid> subjects, ReviewSubject subject, string token, DateTime leaseUntil, DateTime now)
    {
        var keys = subjects.Select(_ => Guid.CreateVersion7()).Order().ToList();
        return subjects.Select((id, i) => new AutomaticReview
        {
            Id = keys[i], Subject = subject, SubjectId = id, Reference = "", LeaseOwner = token, LeaseUntil = leaseUntil, WorkAt = now,
            WeekStart = QualityWeek.StartOf(now),
        }).ToList();
    }

    /// <summary>
    /// A claim lost to another instance: a duplicate subject, or a deadlock between two batches (PostgreSQL's execution
    /// strategy hands a transient failure back wrapped in an <see cref="InvalidOperationException"/>).
    /// </summary>
    private static bool LostRace(Exception ex) => ex is DbUpdateException or InvalidOperationException { InnerException: DbUpdateException };
}

/// <summary>Runs the automatic review on a timer: at once on start (so a fresh demo is scored), then every interval.</summary>
internal sealed class AutomaticReviewService(AutomaticReviewJob job, IOptions<AutomaticReviewOptions> options, ILogger<AutomaticReviewService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds));
        do
        {
            try
            {
                await job.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Automatic review round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
