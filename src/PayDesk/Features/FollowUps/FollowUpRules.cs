using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Audit;
using PayDesk.Features.Sla;

namespace PayDesk.Features.FollowUps;

/// <summary>
/// The follow-up rules supervisors edit (one stored row; <see cref="Defaults"/> answer until someone saves).
/// A rule switched off is null (threshold, CSAT) or zero (share).
/// </summary>
internal sealed class FollowUpRuleSet : IAudited
{
    /// <summary>The one row's id.</summary>
    public static readonly Guid SingletonId = new("0f0110e0-0000-7000-8000-000000000019");

    public Guid Id { get; init; } = SingletonId;

    /// <summary>Every complaint that was escalated (a rejected solution, staff escalation) gets a visit.</summary>
    public bool Escalated { get; set; } = true;

    /// <summary>Every complaint with an approved refund or balance adjustment above this amount, in <see cref="RefundCurrency"/>.</summary>
    public decimal? RefundAbove { get; set; } = 200m;
    public string RefundCurrency { get; set; } = "CNY";

    /// <summary>Every complaint whose satisfaction score is at or below this (1–5).</summary>
    public int? CsatAtOrBelow { get; set; } = 3;

    /// <summary>A random share (0–1) of the other resolved complaints, the same complaints every time the rules run.</summary>
    public decimal SampleShare { get; set; } = 0.1m;

    /// <summary>Working days of the team's calendar after the resolution before the visit is due.</summary>
    public int DelayWorkingDays { get; set; } = 3;

    /// <summary>Calls or messages before an unanswered visit closes as unreachable.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Working days between an unanswered attempt and the next.</summary>
    public int RetryWorkingDays { get; set; } = 1;
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    public static FollowUpRuleSet Defaults() => new();
}

/// <summary>What the rules need to know about one resolution.</summary>
internal sealed record ResolutionFacts(Guid TicketId, DateTime ResolvedAt, int EscalationLevel, IReadOnlyList<(decimal Amount, string Currency)> MoneyRemedies, int? CsatScore);

/// <summary>
/// Which resolved complaints get a follow-up visit, and when it is due. Pure: no I/O, so every rule and the calendar
/// arithmetic are unit-tested without a host.
/// </summary>
internal static class FollowUpRules
{
    public static FollowUpReason Reasons(ResolutionFacts f, FollowUpRuleSet rules)
    {
        var reasons = FollowUpReason.None;
        if (rules.Escalated && f.EscalationLevel > 0) reasons |= FollowUpReason.Escalated;
        // Amounts in another currency are not converted (no exchange rates offline): the threshold is per currency.
        if (rules.RefundAbove is { } above
            && f.MoneyRemedies.Any(m => m.Amount > above && string.Equals(m.Currency, rules.RefundCurrency, StringComparison.OrdinalIgnoreCase)))
        {
            reasons |= FollowUpReason.LargeRefund;
        }
        if (rules.CsatAtOrBelow is { } csat && f.CsatScore is { } score && score <= csat) reasons |= FollowUpReason.LowCsat;
        if (Sampled(f.TicketId, rules.SampleShare)) reasons |= FollowUpReason.Sample;
        return reasons;
    }

    /// <summary>
    /// Whether a complaint falls in the random share. The draw is a hash of the complaint's id, so evaluating the rules
    /// again (the sweep, a restart, a second instance) picks the same complaints, and raising the share only adds some.
    /// </summary>
    public static bool Sampled(Guid ticketId, decimal share)
    {
        if (share <= 0) return false;
        if (share >= 1) return true;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(ticketId.ToByteArray(), hash);
        var draw = BitConverter.ToUInt32(hash) / (double)uint.MaxValue;
        return draw < (double)share;
    }

    /// <summary>How far ahead a visit may be booked for a time a person chose (the customer's wish).</summary>
    public const int BookableWithinDays = 30;

    /// <summary>A chosen visit time: after now and at most <see cref="BookableWithinDays"/> days ahead.</summary>
    public static bool Bookable(DateTimeOffset at, DateTime nowUtc) => at.UtcDateTime > nowUtc && at.UtcDateTime <= nowUtc.AddDays(BookableWithinDays);

    /// <summary>
    /// A wall time typed on a page in the visit's zone, as an instant; null when it cannot be a bookable time at all (a year
    /// typed as 0001 or 9999 would not even convert). Whether it is bookable is still <see cref="Bookable"/>'s to say.
    /// </summary>
    public static DateTimeOffset? FromWallTime(DateTime local, string? timeZone, DateTime nowUtc)
    {
        if (local < nowUtc.AddDays(-2) || local > nowUtc.AddDays(BookableWithinDays + 2)) return null;
        var zone = Complaints.ServiceTime.Zone(timeZone);
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    /// <summary>
    /// When a visit is due: at the opening of the <paramref name="workingDays"/>-th working day of the calendar after the
    /// day of <paramref name="fromUtc"/> (so the agent has that whole working day for it). Days the calendar is closed —
    /// weekends, statutory holidays — do not count; make-up working days (调休) do. On a calendar open around the clock
    /// every day counts and the visit is due the same time of day.
    /// </summary>
    public static DateTime DueAt(CalendarDefinition calendar, DateTime fromUtc, int workingDays)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
        if (calendar.AlwaysOpen) return fromUtc.AddDays(workingDays);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), zone);
        var day = DateOnly.FromDateTime(local);
        var counted = 0;
        // A calendar with no opening day in a year is misconfigured; the visit is then due after plain days.
        for (var i = 0; i < 366; i++)
        {
            day = day.AddDays(1);
            var hours = calendar.HoursOn(day);
            if (hours.Count == 0) continue;
            if (++counted < Math.Max(workingDays, 1)) continue;
            var opening = day.ToDateTime(hours.Min(h => h.Start));
            while (zone.IsInvalidTime(opening)) opening = opening.AddMinutes(1);
            return TimeZoneInfo.ConvertTimeToUtc(opening, zone);
        }
        return fromUtc.AddDays(workingDays);
    }
}

internal sealed class FollowUpRuleSetConfiguration : IEntityTypeConfiguration<FollowUpRuleSet>
{
    public void Configure(EntityTypeBuilder<FollowUpRuleSet> b)
    {
        b.ToTable("follow_up_rules");
        b.Property(r => r.RefundAbove).HasPrecision(18, 2);
        b.Property(r => r.RefundCurrency).HasMaxLength(3);
        b.Property(r => r.SampleShare).HasPrecision(5, 4);
        b.Property(r => r.UpdatedBy).HasMaxLength(100);
    }
}
