using Bogus;
using PayDesk.Features.Complaints;
using PayDesk.Features.Customers;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Demo;

/// <summary>Where a demo complaint is today: waiting for an agent, being worked, or finished.</summary>
internal enum DemoStage
{
    Waiting,
    Open,
    Finished,
}

/// <summary>
/// One complaint of the demo's month and the rules that make the month look like a centre that runs well: a few
/// complaints wait minutes for an agent, the open ones are days old at most and spread so nobody is over
/// capacity, and roughly one in eight targets is missed (the quotas below), so service levels land around
/// 85–95 %. Everything is drawn from the seeded <see cref="Faker"/> and placed relative to the clock.
/// </summary>
internal sealed record DemoTicketPlan(
    int Index, DemoStage Stage, TicketCategory Category, TicketChannel Channel, Customer Customer, DemoContent.Template Template,
    decimal? Amount, string Merchant, DateTime Created)
{
    public const int WaitingCount = 6;

    /// <summary>Open complaints per owner (三名坐席 and the expert); capacity is 20 each.</summary>
    public static readonly int[] OpenPerOwner = [16, 7, 5, 2];

    /// <summary>Open complaints already past their resolution target (waiting for a bank).</summary>
    public const int LateOpen = 2;

    private static readonly int[] OpenOwners = Interleave(OpenPerOwner);

    private static readonly TicketStatus[] OpenStatuses =
    [
        TicketStatus.Acknowledged, TicketStatus.InProgress, TicketStatus.InProgress, TicketStatus.AwaitingCustomer,
        TicketStatus.AwaitingThirdParty, TicketStatus.SolutionProposed, TicketStatus.InProgress,
    ];

    public static int OpenCount => OpenPerOwner.Sum();

    public static DemoStage StageOf(int i) => i < WaitingCount ? DemoStage.Waiting : i < WaitingCount + OpenCount ? DemoStage.Open : DemoStage.Finished;

    public static int OpenIndex(int i) => i - WaitingCount;

    public static int OpenOwner(int openIndex) => OpenOwners[openIndex];

    public static TicketStatus OpenStatus(int openIndex) => openIndex switch
    {
        0 => TicketStatus.AwaitingThirdParty,
        1 => TicketStatus.InProgress,
        _ => OpenStatuses[openIndex % OpenStatuses.Length],
    };

    // The misses, by complaint: spread over channels and categories, and the late initial answers are a subset of
    // the late first responses (an e-mail answered late misses both).
    public static bool FirstResponseLate(int i) => i % 8 == 5;
    public static bool InitialAnswerLate(int i) => i % 16 == 5;
    public static bool ResolutionLate(int i) => i % 7 == 2;
    public static bool Reopened(int i) => i % 19 == 9;
    public static bool RegulatoryLate(int i) => i is 101 or 137;

    /// <summary>The first three late resolutions arrived 4–5 working days ago, so they fall in the board's week.</summary>
    public static int? LateThisWeek(int i) => i switch { 37 or 44 => 4, 51 => 5, _ => null };

    // Funds and refund complaints are every fourth category: count them in eights.
    public static bool ProgressLate(int i) => i / 8 % 4 == 1;

    /// <summary>The history's times; a complaint handed to a bank or merchant waits from <see cref="ThirdPartyFrom"/> to <see cref="ThirdPartyUntil"/>.</summary>
    internal sealed record Timing(DateTime Acknowledged, DateTime Reply, DateTime Proposed, DateTime? Resolved, DateTime? Closed,
        DateTime? ThirdPartyFrom = null, DateTime? ThirdPartyUntil = null)
    {
        public IReadOnlyList<DateTime> ProgressUpdates { get; init; } = [];
    }

    // Money complaints usually wait for a bank or merchant for part of their life.
    private static bool WaitsForThirdParty(TicketCategory category) => category is TicketCategory.Funds or TicketCategory.Refund;

    /// <summary>When the complaint was acknowledged, answered, given a solution, resolved and closed.</summary>
    public static Timing Times(DemoTicketPlan plan, TicketPriority priority, SlaOptions policy, CalendarRegistry calendars, BusinessCalendar office,
        DateTime now, Faker faker)
    {
        var created = plan.Created;
        if (plan.Stage == DemoStage.Waiting) return new(created, created, created, null, null);
        var first = SlaPolicy.FirstResponse(plan.Channel, policy);
        var resolution = SlaPolicy.Resolution(priority, plan.Category, policy);
        var i = plan.Index;
        // E-mail and SMS (24 h targets) are still answered within hours; the lines within their minutes.
        var ackShare = FirstResponseLate(i) ? faker.Random.Double(1.3, 2.2) : faker.Random.Double(0.1, first.Minutes >= 12 * 60 ? 0.25 : 0.8);
        var ack = calendars.Get(first.Calendar).Add(created, TimeSpan.FromMinutes(first.Minutes * ackShare));
        var resolvedShare = ResolutionLate(i) ? faker.Random.Double(1.15, 1.8) : faker.Random.Double(0.2, 0.85);
        var resolved = calendars.Get(resolution.Calendar).Add(created, TimeSpan.FromMinutes(resolution.Minutes * resolvedShare));
        var reply = InitialAnswerLate(i)
            ? created.AddMinutes(policy.InitialAnswerMinutes * faker.Random.Double(1.05, 1.4))
            : Min(ack + (resolved - ack) * faker.Random.Double(0.1, 0.5), created.AddMinutes(policy.InitialAnswerMinutes * 0.9));
        if (reply < ack.AddMinutes(2)) reply = ack.AddMinutes(faker.Random.Int(2, 20));
        if (resolved < reply.AddMinutes(20)) resolved = reply.AddMinutes(faker.Random.Int(20, 180));
        // The resolution clock waits with the customer once a solution is proposed: a late resolution is a late proposal.
        var proposed = ResolutionLate(i) ? resolved.AddMinutes(-faker.Random.Int(5, 30)) : reply + (resolved - reply) * faker.Random.Double(0.4, 0.9);
        if (plan.Stage == DemoStage.Finished && RegulatoryLate(i))
        {
            proposed = office.Add(created, TimeSpan.FromMinutes(SlaPolicy.Regulatory(policy).Minutes + faker.Random.Int(60, 600)));
            resolved = proposed.AddHours(faker.Random.Int(1, 24));
        }

        if (plan.Stage == DemoStage.Open)
        {
            // Still open: what has happened so far fits between arrival and now.
            var span = now - created;
            ack = Min(ack, created + span * 0.3);
            reply = Min(reply, created + span * 0.6);
            if (reply <= ack) reply = ack + (now - ack) * 0.3;
            proposed = Min(proposed, created + span * 0.9);
            if (proposed <= reply) proposed = reply + (now - reply) * 0.5;
            // Waiting for a bank: the owner tells the customer how it stands every day.
            var updates = new List<DateTime>();
            for (var at = reply.AddHours(faker.Random.Int(20, 30)); at < now.AddHours(-1); at = at.AddHours(faker.Random.Int(20, 30))) updates.Add(at);
            return new(ack, reply, proposed, null, null) { ProgressUpdates = updates };
        }

        // Finished recently: the same history, a little faster, so that it ends before now.
        var latest = now.AddMinutes(-15);
        if (resolved > latest)
        {
            var f = (latest - created) / (resolved - created);
            DateTime Scale(DateTime t) => created + (t - created) * f;
            (ack, reply, proposed, resolved) = (Scale(ack), Scale(reply), Scale(proposed), latest);
        }
        DateTime? closed = created < now.AddDays(-2) ? resolved.AddHours(faker.Random.Int(1, 48)) : null;
        DateTime? waitFrom = null, waitUntil = null;
        if (WaitsForThirdParty(plan.Category) && proposed - reply > TimeSpan.FromHours(2))
        {
            // Handed to the bank right after the reply; back before the solution. Progress is due every 48 hours.
            waitFrom = reply.AddMinutes(1);
            var wanted = TimeSpan.FromHours(ProgressLate(i) ? faker.Random.Double(49, 60) : faker.Random.Double(3, 40));
            var room = proposed.AddMinutes(-30) - waitFrom.Value;
            waitUntil = waitFrom + (wanted < room ? wanted : room * 0.8);
        }
        return new(ack, reply, proposed, resolved, closed < now.AddMinutes(-5) ? closed : null, waitFrom, waitUntil);
    }

    /// <summary>Runs the complaint's clocks through its history; a missed target escalates it as the evaluator would have.</summary>
    public static async Task ReplayClocksAsync(AppDbContext db, SlaClocks sla, CalendarRegistry calendars, Ticket ticket, DemoStage stage, Timing times,
        CancellationToken ct)
    {
        // The automatic acknowledgement (受理确认) leaves with the complaint a minute after intake; on app, web and SMS
        // complaints its delivery is the first response (decision 0005), as the outbox would report it.
        var delivered = ticket.CreatedAt.AddMinutes(1);
        if (stage != DemoStage.Waiting && times.Acknowledged < delivered) delivered = times.Acknowledged;
        await sla.OnAcknowledgementDeliveredAsync(ticket, delivered, ct);
        if (stage == DemoStage.Waiting) return;
        var status = ticket.Status;
        await sla.OnTransitionAsync(ticket, status == TicketStatus.Acknowledged ? TicketTrigger.Acknowledge : TicketTrigger.StartWork,
            TicketStatus.New, times.Acknowledged, ct);
        if (status != TicketStatus.Acknowledged)
        {
            // Waiting for a bank since the reply: the progress-update clock starts with it.
            await sla.OnStaffReplyAsync(ticket, times.Reply, ct);
            // The clocks read each other from the database: a clock started by one step is saved before the next.
            await db.SaveChangesAsync(ct);
            foreach (var at in times.ProgressUpdates)
            {
                await sla.OnStaffReplyAsync(ticket, at, ct);
                await db.SaveChangesAsync(ct);
            }
            if (times is { ThirdPartyFrom: { } from, ThirdPartyUntil: { } until })
            {
                await sla.OnTransitionAsync(ticket, TicketTrigger.AwaitThirdParty, TicketStatus.InProgress, from, ct);
                await db.SaveChangesAsync(ct);
                await sla.OnTransitionAsync(ticket, TicketTrigger.Resume, TicketStatus.AwaitingThirdParty, until, ct);
            }
            if (status == TicketStatus.AwaitingCustomer) await sla.OnTransitionAsync(ticket, TicketTrigger.AwaitCustomer, TicketStatus.InProgress, times.Reply.AddMinutes(1), ct);
            if (status >= TicketStatus.SolutionProposed) await sla.OnTransitionAsync(ticket, TicketTrigger.ProposeSolution, TicketStatus.InProgress, times.Proposed, ct);
            if (times.Resolved is { } resolved) await sla.OnTransitionAsync(ticket, TicketTrigger.AcceptSolution, TicketStatus.SolutionProposed, resolved, ct);
        }
        foreach (var clock in db.SlaClocks.Local.Where(c => c.TicketId == ticket.Id && c.Status == ClockStatus.Breached).OrderBy(c => c.Kind).ToList())
        {
            var due = calendars.Get(clock.Calendar).Add(clock.StartedAt, TimeSpan.FromMinutes(clock.TargetMinutes));
            clock.BreachedAt = due;
            ImportComplaint.MissedTarget(db, ticket, EnumText.Name(clock.Kind), due);
        }
    }

    /// <summary>A time between 08:30 and 21:30 Beijing time, <paramref name="daysAgo"/> days back, never in the last 20 minutes.</summary>
    public static DateTime DuringOpeningHours(Faker faker, DateTime now, TimeZoneInfo zone, int daysAgo)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, zone).Date.AddDays(-daysAgo).AddMinutes(faker.Random.Int(8 * 60 + 30, 21 * 60 + 30));
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        while (utc > now.AddMinutes(-20)) utc = utc.AddDays(-1);
        return utc;
    }

    /// <summary>A morning at least <paramref name="workingDays"/> working days (holidays counted out) before now.</summary>
    public static DateTime WorkingDaysBefore(BusinessCalendar office, DateTime now, int workingDays, Faker faker)
    {
        var minutes = faker.Random.Int(9 * 60 + 30, 11 * 60);
        for (var days = workingDays; ; days++)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(now, office.Zone).Date.AddDays(-days).AddMinutes(minutes);
            var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), office.Zone);
            if (office.IsOpen(utc) && office.Between(utc, now) >= TimeSpan.FromMinutes(workingDays * SlaOptions.WorkingDayMinutes)) return utc;
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static int[] Interleave(int[] counts)
    {
        var left = counts.ToArray();
        var order = new List<int>();
        while (left.Any(n => n > 0))
        {
            for (var k = 0; k < left.Length; k++)
            {
                if (left[k] == 0) continue;
                order.Add(k);
                left[k]--;
            }
        }
        return [.. order];
    }
}
