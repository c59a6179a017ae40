using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Sla;

/// <summary>
/// Starts, pauses, resumes, stops and re-targets a complaint's clocks as the complaint moves, in
/// the caller's unit of work. Every change is written to the clock's event log.
/// </summary>
internal sealed class SlaClocks(AppDbContext db, SlaPolicyStore policy, CalendarRegistry calendars) : IComplaintObserver, IComplaintRiskSource
{
    Task IComplaintObserver.OpenedAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        StartAll(ticket, now);
        return Task.CompletedTask;
    }
    Task IComplaintObserver.TransitionedAsync(Ticket ticket, TicketTrigger trigger, TicketStatus from, DateTime now, CancellationToken ct) =>
        OnTransitionAsync(ticket, trigger, from, now, ct);
    Task IComplaintObserver.StaffRepliedAsync(Ticket ticket, DateTime now, CancellationToken ct) => OnStaffReplyAsync(ticket, now, ct);
    Task IComplaintObserver.FactsChangedAsync(Ticket ticket, DateTime now, CancellationToken ct) => RetargetAsync(ticket, now, ct);
    Task IComplaintObserver.AcknowledgementsDeliveredAsync(IReadOnlyList<(Ticket Ticket, DateTime At)> delivered, CancellationToken ct) =>
        OnAcknowledgementsDeliveredAsync(delivered, ct);

    // From the clocks to the complaints (few clocks are at risk), not a lookup per complaint.
    IQueryable<Guid> IComplaintRiskSource.AtRiskOrBreached(DateTime at) => db.SlaClocks.Where(Flagged(at)).Select(c => c.TicketId);

    /// <summary>
    /// A running clock that is breached or at risk (past its warning point or, unless it is short, under <see cref="DangerWindow"/> from due): the
    /// one rule by which the inbox's "at risk" view and the /sla page pick complaints. (The inbox also kept complaints whose
    /// clock had been stopped late, which the /sla page did not list.)
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<SlaClock, bool>> Flagged(DateTime at)
    {
        var soon = at + DangerWindow;
        return c => c.StoppedAt == null && c.Status != ClockStatus.Paused && c.DueAt != null
            && (c.Status == ClockStatus.Breached || c.BreachedAt != null || (c.DueAt <= soon && c.TargetMinutes >= ShortClockMinutes) || c.AtRiskAt <= at);
    }

    /// <summary>How close to its due time a running clock is "danger" (red) wherever it is shown.</summary>
    public static readonly TimeSpan DangerWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// A clock shorter than this (the 30-minute acknowledgement, a one-hour answer) would be inside <see cref="DangerWindow"/>
    /// from the moment it starts, or nearly: every new complaint red, and agents learn to ignore red. It turns red at its
    /// warning point instead.
    /// </summary>
    public const int ShortClockMinutes = 120;

    /// <summary>
    /// At risk and not yet breached, as the inbox colours a clock (<see cref="UrgencyOf"/>): past its warning point, or (unless
    /// it is a short clock) under <see cref="DangerWindow"/> from due. The SLA page, the supervisor board and the at-risk API all count by this one rule
    /// (the board counted clocks the evaluator had warned about, the SLA page only those past the warning point: complaints
    /// twelve minutes from breach, red in the inbox, were missing from both).
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<SlaClock, bool>> AtRisk(DateTime at)
    {
        var soon = at + DangerWindow;
        return c => c.StoppedAt == null && c.Status == ClockStatus.Running && c.BreachedAt == null && c.DueAt > at
            && (c.AtRiskAt <= at || (c.DueAt <= soon && c.TargetMinutes >= ShortClockMinutes));
    }

    IQueryable<ClockDue> IComplaintRiskSource.RunningDue() =>
        db.SlaClocks.Where(c => c.StoppedAt == null && c.Status != ClockStatus.Paused && c.DueAt != null)
            .Select(c => new ClockDue { TicketId = c.TicketId, DueAt = c.DueAt!.Value });

    async Task<IReadOnlyDictionary<Guid, UrgentClock>> IComplaintRiskSource.MostUrgentAsync(IReadOnlyCollection<Guid> ticketIds, DateTime at, CancellationToken ct)
    {
        var clocks = await db.SlaClocks.AsNoTracking()
            .Where(c => ticketIds.Contains(c.TicketId) && c.StoppedAt == null && c.Status != ClockStatus.Paused && c.DueAt != null)
            .ToListAsync(ct);
        return clocks.GroupBy(c => c.TicketId).ToDictionary(g => g.Key, g =>
        {
            var c = MostUrgent(g, at);
            return new UrgentClock(c.Kind.ToString(), c.DueAt!.Value, UrgencyOf(c, at), Left(c, at, calendars), SlaDurationText.WorkingDayOf(c.Calendar));
        });
    }

    /// <summary>
    /// The clock a complaint is shown by: the most urgent of its clocks, then the soonest due (short clocks turn red later, so
    /// the soonest due is not always the most urgent).
    /// </summary>
    public static SlaClock MostUrgent(IEnumerable<SlaClock> clocks, DateTime at) =>
        clocks.OrderByDescending(c => UrgencyOf(c, at)).ThenBy(c => c.DueAt).First();

    /// <summary>The business time a clock has left at <paramref name="at"/>, negative once over: its target less what it has used.</summary>
    public static TimeSpan Left(SlaClock clock, DateTime at, CalendarRegistry calendars) =>
        TimeSpan.FromMinutes(clock.TargetMinutes) - Elapsed(clock, at, calendars);

    /// <summary>
    /// Breached once due (or marked breached); red under an hour before due (a short clock from its warning point); amber
    /// past the warning point.
    /// </summary>
    internal static Urgency UrgencyOf(SlaClock c, DateTime at) =>
        c.Status == ClockStatus.Breached || c.BreachedAt is not null || c.DueAt <= at ? Urgency.Breached
        : c.DueAt - at <= DangerWindow && (c.TargetMinutes >= ShortClockMinutes || c.AtRiskAt <= at) ? Urgency.Danger
        : c.AtRiskAt <= at ? Urgency.Warn
        : Urgency.Ok;

    public void StartAll(Ticket ticket, DateTime now)
    {
        foreach (var (kind, target) in SlaPolicy.For(ticket, policy.Current)) Start(ticket.Id, kind, target, now);
    }

    private SlaClock Start(Guid ticketId, ClockKind kind, SlaTarget target, DateTime now)
    {
        var clock = new SlaClock
        {
            TicketId = ticketId, Kind = kind, Calendar = target.Calendar, TargetMinutes = target.Minutes, StartedAt = now,
            RunningSince = now, Status = ClockStatus.Running,
        };
        Schedule(clock, policy.Current, calendars);
        db.SlaClocks.Add(clock);
        // No "started" event: the clock's own row holds its start and target (five rows fewer per complaint at intake).
        return clock;
    }

    /// <summary>What the lifecycle does to the clocks (SPEC §3: clocks stop while waiting for the customer).</summary>
    public async Task OnTransitionAsync(Ticket ticket, TicketTrigger trigger, TicketStatus from, DateTime now, CancellationToken ct)
    {
        var clocks = await db.SlaClocks.Where(c => c.TicketId == ticket.Id).ToListAsync(ct);
        SlaClock? Of(ClockKind kind) => clocks.FirstOrDefault(c => c.Kind == kind);
        switch (trigger)
        {
            // An agent taking the complaint on answers the caller, the chat or the e-mail queue; where the target is the
            // acknowledgement itself (app, web, SMS) only its delivery or a reply to the customer meets it.
            case TicketTrigger.Acknowledge or TicketTrigger.StartWork when !SlaPolicy.AcknowledgementAnswers(ticket.Channel):
                Stop(ticket, Of(ClockKind.FirstResponse), now);
                break;
            case TicketTrigger.Acknowledge or TicketTrigger.StartWork:
                break;
            // A card scheme's deadline is calendar days that run whatever the customer does: it never pauses (paused, its due
            // time slipped past the scheme's, and the dispute could be lost with the money).
            case TicketTrigger.AwaitCustomer:
                foreach (var c in clocks.Where(c => c.Kind != ClockKind.SchemeDeadline)) Pause(c, now);
                break;
            case TicketTrigger.AwaitThirdParty:
                RestartProgress(ticket, Of(ClockKind.ProgressUpdate), now);
                break;
            case TicketTrigger.Resume when from == TicketStatus.AwaitingCustomer:
                foreach (var c in clocks.Where(c => c.Kind != ClockKind.SchemeDeadline)) Resume(c, now);
                break;
            case TicketTrigger.Resume:
                Stop(ticket, Of(ClockKind.ProgressUpdate), now);
                break;
            case TicketTrigger.ProposeSolution:
                Stop(ticket, Of(ClockKind.FirstResponse), now);
                Stop(ticket, Of(ClockKind.InitialAnswer), now);
                Stop(ticket, Of(ClockKind.Regulatory), now);
                Stop(ticket, Of(ClockKind.SchemeDeadline), now);
                // The solution is the customer's to accept: the resolution clock waits with them (it ran on, breached and
                // escalated complaints whose customer had a week to confirm), and stops when they accept.
                if (Of(ClockKind.Resolution) is { } proposed) Pause(proposed, now);
                break;
            case TicketTrigger.AcceptSolution or TicketTrigger.ConfirmationTimeout or TicketTrigger.Close:
                foreach (var c in clocks) Stop(ticket, c, now);
                break;
            case TicketTrigger.Reopen:
                if (Of(ClockKind.Resolution) is { } resolution) Restart(ticket, resolution, SlaPolicy.Resolution(ticket, policy.Current), now);
                break;
            case TicketTrigger.RejectSolution:
                if (Of(ClockKind.Resolution) is { } rejected) Resume(rejected, now);
                break;
        }
    }

    /// <summary>A public reply from staff answers the customer: first response and initial answer are met, progress is given.</summary>
    public async Task OnStaffReplyAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        var clocks = await db.SlaClocks.Where(c => c.TicketId == ticket.Id).ToListAsync(ct);
        Stop(ticket, clocks.FirstOrDefault(c => c.Kind == ClockKind.FirstResponse), now);
        Stop(ticket, clocks.FirstOrDefault(c => c.Kind == ClockKind.InitialAnswer), now);
        if (ticket.Status == TicketStatus.AwaitingThirdParty) RestartProgress(ticket, clocks.FirstOrDefault(c => c.Kind == ClockKind.ProgressUpdate), now);
    }

    /// <summary>
    /// The automatic acknowledgement was delivered: on app, web and SMS complaints that is the first response, met (or
    /// stopped late) at the delivery time. A failed gateway delivers nothing, so the clock runs on and can breach.
    /// </summary>
    public Task OnAcknowledgementDeliveredAsync(Ticket ticket, DateTime at, CancellationToken ct) => OnAcknowledgementsDeliveredAsync([(ticket, at)], ct);

    /// <summary>
    /// The same for the outbox's group: the first-response clocks of all of them read in one query (a read per
    /// acknowledgement was a fifth of the dispatcher's database work under intake load).
    /// </summary>
    public async Task OnAcknowledgementsDeliveredAsync(IReadOnlyList<(Ticket Ticket, DateTime At)> delivered, CancellationToken ct)
    {
        var answered = delivered.Where(d => SlaPolicy.AcknowledgementAnswers(d.Ticket.Channel)).ToList();
        if (answered.Count == 0) return;
        var ids = answered.Select(d => d.Ticket.Id).ToList();
        var clocks = await db.SlaClocks.Where(c => c.Kind == ClockKind.FirstResponse && ids.Contains(c.TicketId)).ToDictionaryAsync(c => c.TicketId, ct);
        foreach (var (ticket, at) in answered) Stop(ticket, clocks.GetValueOrDefault(ticket.Id), at);
    }

    /// <summary>
    /// Incidents: holds (pauses) or releases (resumes) the resolution clocks of these complaints while an incident they belong
    /// to is open, in the caller's unit of work. Clocks not yet saved (a complaint being opened) are found too.
    /// </summary>
    public async Task HoldResolutionAsync(IReadOnlyCollection<Guid> ticketIds, bool hold, DateTime now, CancellationToken ct)
    {
        if (ticketIds.Count == 0) return;
        var clocks = db.SlaClocks.Local.Where(c => c.Kind == ClockKind.Resolution && ticketIds.Contains(c.TicketId)).ToList();
        foreach (var chunk in ticketIds.Except(clocks.Select(c => c.TicketId)).Chunk(500))
        {
            clocks.AddRange(await db.SlaClocks.Where(c => c.Kind == ClockKind.Resolution && chunk.Contains(c.TicketId)).ToListAsync(ct));
        }
        foreach (var clock in clocks)
        {
            if (hold) Pause(clock, now);
            else Resume(clock, now);
        }
    }

    /// <summary>
    /// Whether a complaint in this status waits for its customer — their reply, or their word on a proposed solution — so its
    /// resolution clock stays paused whatever else releases it (an incident's end, an unlink).
    /// </summary>
    public static bool WaitsForCustomer(TicketStatus status) => status is TicketStatus.AwaitingCustomer or TicketStatus.SolutionProposed;

    /// <summary>As <see cref="HoldResolutionAsync"/> for a complaint being opened: its clocks are not saved yet.</summary>
    public void HoldUnsavedResolution(Guid ticketId, DateTime now)
    {
        if (db.SlaClocks.Local.FirstOrDefault(c => c.TicketId == ticketId && c.Kind == ClockKind.Resolution) is { } clock) Pause(clock, now);
    }

    /// <summary>A new category or priority changes the targets, counted from the original start.</summary>
    public async Task RetargetAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        var targets = SlaPolicy.For(ticket, policy.Current);
        foreach (var clock in await db.SlaClocks.Where(c => c.TicketId == ticket.Id && c.StoppedAt == null).ToListAsync(ct))
        {
            if (!targets.TryGetValue(clock.Kind, out var target) || (target.Minutes == clock.TargetMinutes && target.Calendar == clock.Calendar)) continue;
            var calendar = calendars.Get(clock.Calendar);
            if (clock.RunningSince is { } since)
            {
                // Fold the running period into the total before switching calendars.
                clock.ElapsedTicksBefore += calendar.Between(since, now).Ticks;
                clock.RunningSince = now;
            }
            clock.TargetMinutes = target.Minutes;
            clock.Calendar = target.Calendar;
            if (clock.BreachedAt is null) clock.WarnedAt = null;
            Schedule(clock, policy.Current, calendars);
            Log(clock, "retargeted", now);
        }
    }

    public static TimeSpan Elapsed(SlaClock clock, DateTime now, CalendarRegistry calendars)
    {
        if (clock.ElapsedTicksAtStop is { } stopped) return TimeSpan.FromTicks(stopped);
        var running = clock.RunningSince is { } since ? calendars.Get(clock.Calendar).Between(since, now).Ticks : 0;
        return TimeSpan.FromTicks(clock.ElapsedTicksBefore + Math.Max(running, 0));
    }

    /// <summary>Due time, at-risk point and the next instant the evaluator must look.</summary>
    public static void Schedule(SlaClock clock, SlaOptions options, CalendarRegistry calendars)
    {
        if (clock.RunningSince is not { } since || clock.StoppedAt is not null)
        {
            clock.DueAt = null;
            clock.AtRiskAt = null;
            clock.NextCheckAt = null;
            return;
        }
        var calendar = calendars.Get(clock.Calendar);
        var target = TimeSpan.FromMinutes(clock.TargetMinutes).Ticks;
        clock.DueAt = calendar.Add(since, TimeSpan.FromTicks(Math.Max(target - clock.ElapsedTicksBefore, 0)));
        clock.AtRiskAt = calendar.Add(since, TimeSpan.FromTicks(Math.Max((long)(target * options.AtRiskShare) - clock.ElapsedTicksBefore, 0)));
        clock.NextCheckAt = clock.Status != ClockStatus.Running ? null
            : clock.WarnedAt is null && clock.AtRiskAt < clock.DueAt ? clock.AtRiskAt
            : clock.DueAt;
    }

    private void Pause(SlaClock clock, DateTime now)
    {
        if (clock.StoppedAt is not null || clock.RunningSince is not { } since) return;
        clock.ElapsedTicksBefore += calendars.Get(clock.Calendar).Between(since, now).Ticks;
        clock.RunningSince = null;
        if (clock.Status == ClockStatus.Running) clock.Status = ClockStatus.Paused;
        Schedule(clock, policy.Current, calendars);
        Log(clock, "paused", now);
    }

    private void Resume(SlaClock clock, DateTime now)
    {
        if (clock.StoppedAt is not null || clock.RunningSince is not null) return;
        clock.RunningSince = now;
        if (clock.Status == ClockStatus.Paused) clock.Status = ClockStatus.Running;
        Schedule(clock, policy.Current, calendars);
        Log(clock, "resumed", now);
    }

    private void Stop(Ticket ticket, SlaClock? clock, DateTime now)
    {
        if (clock is null || clock.StoppedAt is not null) return;
        var elapsed = Elapsed(clock, now, calendars);
        clock.ElapsedTicksAtStop = elapsed.Ticks;
        clock.StoppedAt = now;
        clock.RunningSince = null;
        // Met if the business time used fits the target, even if it is stopped after a pause.
        var met = clock.BreachedAt is null && elapsed <= TimeSpan.FromMinutes(clock.TargetMinutes);
        clock.Status = met ? ClockStatus.Met : ClockStatus.Breached;
        Schedule(clock, policy.Current, calendars);
        Log(clock, met ? "met" : "stopped_late", now);
        // Reports read the outcome from the complaint itself, without joining its clocks.
        if (clock.Kind == ClockKind.Resolution) ServiceLevelOutcomes.ResolutionStopped(ticket, (int)elapsed.TotalMinutes, met);
        if (clock.Kind == ClockKind.Regulatory) ServiceLevelOutcomes.RegulatoryStopped(ticket, met);
    }

    private void RestartProgress(Ticket ticket, SlaClock? clock, DateTime now)
    {
        if (clock is null) Start(ticket.Id, ClockKind.ProgressUpdate, SlaPolicy.ProgressUpdate(policy.Current), now);
        else Restart(ticket, clock, SlaPolicy.ProgressUpdate(policy.Current), now);
    }

    /// <summary>A fresh period for a recurring target (the next progress update, a reopened complaint's resolution).</summary>
    private void Restart(Ticket ticket, SlaClock clock, SlaTarget target, DateTime now)
    {
        if (clock.StoppedAt is null) Stop(ticket, clock, now);
        // A reopened complaint is not resolved any more.
        if (clock.Kind == ClockKind.Resolution) ServiceLevelOutcomes.ResolutionRestarted(ticket);
        clock.TargetMinutes = target.Minutes;
        clock.Calendar = target.Calendar;
        clock.ElapsedTicksBefore = 0;
        clock.ElapsedTicksAtStop = null;
        clock.StoppedAt = null;
        clock.WarnedAt = null;
        clock.BreachedAt = null;
        clock.RunningSince = now;
        clock.Status = ClockStatus.Running;
        Schedule(clock, policy.Current, calendars);
        Log(clock, "restarted", now);
    }

    private void Log(SlaClock clock, string what, DateTime now) => db.SlaClockEvents.Add(new SlaClockEvent
    {
        ClockId = clock.Id, TicketId = clock.TicketId, Kind = clock.Kind, Event = what, At = now,
        ElapsedTicks = Elapsed(clock, now, calendars).Ticks, TargetMinutes = clock.TargetMinutes,
    });
}
