using PayDesk.Features.Tickets;

namespace PayDesk.Features.Sla;

/// <summary>A target: so many business minutes on a calendar.</summary>
public sealed record SlaTarget(int Minutes, string Calendar);

/// <summary>
/// Service-level targets by channel, category and priority (defaults from the seeds; admins
/// override them in configuration under <c>Sla</c>).
/// </summary>
public sealed class SlaOptions
{
    /// <summary>Share of the target after which a clock is at risk.</summary>
    public double AtRiskShare { get; set; } = 0.75;

    /// <summary>The calendar of the complaint lines (SPEC §3).</summary>
    public string LineCalendar { get; set; } = DefaultCalendars.Extended;

    /// <summary>"china": a final answer within <see cref="RegulatoryWorkingDays"/>; "psd2": within 15 business days (EU Art. 101).</summary>
    public string Regulation { get; set; } = "china";

    /// <summary>Working days the regulator allows for a final answer (mainland China: 10, at most 20).</summary>
    public int RegulatoryWorkingDays { get; set; } = 10;

    /// <summary>Calendar days a card scheme gives to answer a dispute.</summary>
    public int SchemeDeadlineDays { get; set; } = 30;

    /// <summary>Business minutes in a working day on the standard calendar.</summary>
    public const int WorkingDayMinutes = 9 * 60;

    public int EvaluatorIntervalSeconds { get; set; } = 30;
}

/// <summary>Which clocks a complaint runs and with what targets. Pure.</summary>
internal static class SlaPolicy
{
    public static SlaTarget FirstResponse(TicketChannel channel, string lineCalendar) => channel switch
    {
        // Seeds: answer the hotline within 30 s, reply to chat within 15 min (goal: seconds),
        // e-mail within 24 h, acknowledge an in-app complaint within 30 min; social like chat.
        TicketChannel.Phone => new(1, lineCalendar),
        TicketChannel.Chat or TicketChannel.WeChat or TicketChannel.Weibo => new(15, lineCalendar),
        TicketChannel.App or TicketChannel.Web => new(30, lineCalendar),
        TicketChannel.Email or TicketChannel.Sms => new(24 * 60, DefaultCalendars.AlwaysOpen),
    };

    public static IReadOnlyDictionary<ClockKind, SlaTarget> For(Ticket ticket, SlaOptions options)
    {
        var targets = new Dictionary<ClockKind, SlaTarget>
        {
            [ClockKind.FirstResponse] = FirstResponse(ticket.Channel, options.LineCalendar),
            [ClockKind.InitialAnswer] = new(24 * 60, DefaultCalendars.AlwaysOpen),
            [ClockKind.Resolution] = Resolution(ticket),
            [ClockKind.Regulatory] = new((options.Regulation == "psd2" ? 15 : Math.Clamp(options.RegulatoryWorkingDays, 1, 20)) * SlaOptions.WorkingDayMinutes,
                DefaultCalendars.Standard),
        };
        if (IsCardDispute(ticket)) targets[ClockKind.SchemeDeadline] = new(options.SchemeDeadlineDays * 24 * 60, DefaultCalendars.AlwaysOpen);
        return targets;
    }

    /// <summary>Complex cases get 2 working days; urgent ones half a day; questions one working day.</summary>
    public static SlaTarget Resolution(Ticket ticket) => ticket.Priority switch
    {
        TicketPriority.Urgent => new(4 * 60, DefaultCalendars.Standard),
        TicketPriority.Low or TicketPriority.Normal or TicketPriority.High => ticket.Category == TicketCategory.Consultation
            ? new(SlaOptions.WorkingDayMinutes, DefaultCalendars.Standard)
            : new(2 * SlaOptions.WorkingDayMinutes, DefaultCalendars.Standard),
    };

    /// <summary>Disputed card payments (refunds, duplicate or wrong debits) run the scheme's deadline too.</summary>
    public static bool IsCardDispute(Ticket ticket) =>
        ticket.Category == TicketCategory.Refund || ticket.SubCategory is TicketSubCategory.DuplicateDebit or TicketSubCategory.WrongAmount;

    public static readonly SlaTarget ProgressUpdate = new(48 * 60, DefaultCalendars.AlwaysOpen);
}
