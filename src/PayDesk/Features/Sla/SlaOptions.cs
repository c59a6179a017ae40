using PayDesk.Features.Complaints;

namespace PayDesk.Features.Sla;

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

    /// <summary>First response by channel, in business minutes of the line calendar (e-mail and SMS: around the clock).</summary>
    public Dictionary<TicketChannel, int> FirstResponseMinutes { get; set; } = new()
    {
        // Seeds: answer the hotline within 30 s, reply to chat within 15 min (goal: seconds), e-mail
        // within 24 h, acknowledge an in-app complaint within 30 min; social media like chat.
        [TicketChannel.Phone] = 1,
        [TicketChannel.Chat] = 15,
        [TicketChannel.WeChat] = 15,
        [TicketChannel.Weibo] = 15,
        [TicketChannel.App] = 30,
        [TicketChannel.Web] = 30,
        [TicketChannel.Email] = 24 * 60,
        [TicketChannel.Sms] = 24 * 60,
    };

    public int InitialAnswerMinutes { get; set; } = 24 * 60;
    public int ProgressUpdateMinutes { get; set; } = 48 * 60;
    public int ResolutionMinutes { get; set; } = 2 * WorkingDayMinutes;
    public int UrgentResolutionMinutes { get; set; } = 4 * 60;
    public int ConsultationResolutionMinutes { get; set; } = WorkingDayMinutes;

    /// <summary>The problems with a policy, empty when it is usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (AtRiskShare is not (> 0 and < 1)) yield return "atRiskShare";
        if (RegulatoryWorkingDays is < 1 or > 20) yield return "regulatoryWorkingDays";
        if (Regulation is not ("china" or "psd2")) yield return "regulation";
        if (SchemeDeadlineDays is < 1 or > 180) yield return "schemeDeadlineDays";
        if (string.IsNullOrWhiteSpace(LineCalendar)) yield return "lineCalendar";
        // A JSON null reaches these non-nullable members too: it is a missing value, not a crash.
        if (FirstResponseMinutes is null) yield return "firstResponseMinutes";
        else
        {
            foreach (var channel in Enum.GetValues<TicketChannel>())
            {
                if (!FirstResponseMinutes.TryGetValue(channel, out var m) || m is < 1 or > 7 * 24 * 60) yield return $"firstResponseMinutes.{Infrastructure.Http.EnumText.Name(channel)}";
            }
        }
        foreach (var (name, value) in new[] { ("initialAnswerMinutes", InitialAnswerMinutes), ("progressUpdateMinutes", ProgressUpdateMinutes),
                     ("resolutionMinutes", ResolutionMinutes), ("urgentResolutionMinutes", UrgentResolutionMinutes), ("consultationResolutionMinutes", ConsultationResolutionMinutes) })
        {
            if (value is < 1 or > 60 * 24 * 60) yield return name;
        }
    }
}
