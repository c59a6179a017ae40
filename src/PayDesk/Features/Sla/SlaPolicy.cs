using PayDesk.Features.Complaints;

namespace PayDesk.Features.Sla;

/// <summary>A target: so many business minutes on a calendar.</summary>
public sealed record SlaTarget(int Minutes, string Calendar);

/// <summary>Which clocks a complaint runs and with what targets. Pure.</summary>
internal static class SlaPolicy
{
    public static SlaTarget FirstResponse(TicketChannel channel, SlaOptions options)
    {
        var minutes = options.FirstResponseMinutes.GetValueOrDefault(channel, 30);
        return channel switch
        {
            TicketChannel.Email or TicketChannel.Sms => new(minutes, DefaultCalendars.AlwaysOpen),
            TicketChannel.Phone or TicketChannel.Chat or TicketChannel.WeChat or TicketChannel.Weibo or TicketChannel.App or TicketChannel.Web
                => new(minutes, options.LineCalendar),
        };
    }

    /// <summary>
    /// Whether the channel's first-response target IS the acknowledgement of the complaint (app/portal form, API, SMS):
    /// then the automatic acknowledgement meets it once the outbox has delivered it. On the phone, in chat, e-mail and
    /// social messages the customer waits for a person, and the automatic notice does not stop the clock (decision 0005).
    /// </summary>
    public static bool AcknowledgementAnswers(TicketChannel channel) => channel switch
    {
        TicketChannel.App or TicketChannel.Web or TicketChannel.Sms => true,
        TicketChannel.Phone or TicketChannel.Chat or TicketChannel.Email or TicketChannel.WeChat or TicketChannel.Weibo => false,
    };

    public static IReadOnlyDictionary<ClockKind, SlaTarget> For(Ticket ticket, SlaOptions options)
    {
        var targets = new Dictionary<ClockKind, SlaTarget>
        {
            [ClockKind.FirstResponse] = FirstResponse(ticket.Channel, options),
            [ClockKind.InitialAnswer] = new(options.InitialAnswerMinutes, DefaultCalendars.AlwaysOpen),
            [ClockKind.Resolution] = Resolution(ticket, options),
            [ClockKind.Regulatory] = Regulatory(options),
        };
        if (IsCardDispute(ticket)) targets[ClockKind.SchemeDeadline] = new(options.SchemeDeadlineDays * 24 * 60, DefaultCalendars.AlwaysOpen);
        return targets;
    }

    /// <summary>Complex cases get 2 working days; urgent ones half a day; questions one working day.</summary>
    public static SlaTarget Regulatory(SlaOptions options) =>
        new((options.Regulation == "psd2" ? 15 : Math.Clamp(options.RegulatoryWorkingDays, 1, 20)) * SlaOptions.WorkingDayMinutes, DefaultCalendars.Standard);

    public static SlaTarget Resolution(Ticket ticket, SlaOptions options) => Resolution(ticket.Priority, ticket.Category, options);

    public static SlaTarget Resolution(TicketPriority priority, TicketCategory category, SlaOptions options) => priority switch
    {
        TicketPriority.Urgent => new(options.UrgentResolutionMinutes, DefaultCalendars.Standard),
        TicketPriority.Low or TicketPriority.Normal or TicketPriority.High => category == TicketCategory.Consultation
            ? new(options.ConsultationResolutionMinutes, DefaultCalendars.Standard)
            : new(options.ResolutionMinutes, DefaultCalendars.Standard),
    };

    /// <summary>Disputed card payments (refunds, duplicate or wrong debits) run the scheme's deadline too.</summary>
    public static bool IsCardDispute(Ticket ticket) =>
        ticket.Category == TicketCategory.Refund || ticket.SubCategory is TicketSubCategory.DuplicateDebit or TicketSubCategory.WrongAmount;

    public static SlaTarget ProgressUpdate(SlaOptions options) => new(options.ProgressUpdateMinutes, DefaultCalendars.AlwaysOpen);
}
