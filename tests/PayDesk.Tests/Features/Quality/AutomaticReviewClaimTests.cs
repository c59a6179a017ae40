using PayDesk.Features.Quality;

namespace PayDesk.Tests.Features.Quality;

/// <summary>The order in which an instance's claim inserts its placeholders (what keeps two instances from deadlocking).</summary>
public sealed class AutomaticReviewClaimTests
{
    [Fact]
    public void Placeholder_keys_ascend_in_the_order_of_their_subjects()
    {
        // The due query's order (the database's), here deliberately unlike the subjects' own sort order; created within
        // a millisecond or two, so version-7 keys made one by one would come out in random order.
        var subjects = Enumerable.Range(0, 500).Select(_ => Guid.NewGuid()).ToList();
        var now = new DateTime(2026, 12, 6, 4, 0, 0, DateTimeKind.Utc);

        var rows = AutomaticReviewJob.Placeholders(subjects, ReviewSubject.Complaint, "instance-a", now.AddMinutes(5), now);

        // EF Core sends a batch's inserts in key order: that order must be the subjects' given order.
        Assert.Equal(subjects, rows.OrderBy(r => r.Id).Select(r => r.SubjectId));
        Assert.All(rows, r => Assert.Equal(("instance-a", now.AddMinutes(5), ReviewSubject.Complaint), (r.LeaseOwner, r.LeaseUntil, r.Subject)));
        Assert.Equal(500, rows.Select(r => r.Id).Distinct().Count());
    }
}
