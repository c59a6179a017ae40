using PayDesk.Features.Complaints;

namespace PayDesk.Features.Workforce;

/// <summary>Workforce planning settings (section "Workforce").</summary>
internal sealed class WorkforceOptions
{
    /// <summary>The service centre's time zone: intervals, day kinds and shifts are local to it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Share of paid time not spent on contacts (breaks, training, meetings, absence).</summary>
    public double Shrinkage { get; set; } = 0.30;

    /// <summary>How much history the forecaster learns from.</summary>
    public int HistoryWeeks { get; set; } = 26;

    /// <summary>How each channel is worked; channels not listed are worked as a backlog.</summary>
    public Dictionary<TicketChannel, ChannelStaffing> Channels { get; set; } = new()
    {
        // Phone: 80 % answered within 20 s (SPEC §1).
        [TicketChannel.Phone] = new() { Queued = true, HandleSeconds = 210, TargetSeconds = 20, ServiceLevel = 0.8 },
        // Chat: first reply within 30 s, an agent holds three chats.
        [TicketChannel.Chat] = new() { Queued = true, HandleSeconds = 480, TargetSeconds = 30, ServiceLevel = 0.8, Concurrency = 3 },
        [TicketChannel.App] = new() { Queued = false, HandleSeconds = 300 },
        [TicketChannel.Email] = new() { Queued = false, HandleSeconds = 420 },
        [TicketChannel.WeChat] = new() { Queued = false, HandleSeconds = 240 },
    };

    /// <summary>The rotating shifts (轮班) a roster is built from; empty means <see cref="DefaultShifts"/>.</summary>
    // Configuration binding appends to a pre-filled list, so the defaults live apart.
    public List<ShiftPattern> Shifts { get; set; } = [];

    public IReadOnlyList<ShiftPattern> EffectiveShifts => Shifts.Count > 0 ? Shifts : DefaultShifts;

    public static readonly IReadOnlyList<ShiftPattern> DefaultShifts =
    [
        new("早班", new TimeOnly(7, 30), 8.5),
        new("白班", new TimeOnly(9, 0), 9),
        new("中班", new TimeOnly(11, 30), 9),
        new("晚班", new TimeOnly(14, 0), 8.5),
        new("夜班", new TimeOnly(22, 30), 9),
    ];

    public ChannelStaffing For(TicketChannel channel) =>
        Channels.TryGetValue(channel, out var staffing) ? staffing : new ChannelStaffing { Queued = false, HandleSeconds = 300 };

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
