namespace PayDesk.Features.Surveys;

internal sealed class SurveyOptions
{
    /// <summary>How long a survey link works.</summary>
    public int ValidDays { get; set; } = 14;

    /// <summary>A customer is asked the NPS question at most this often.</summary>
    public int NpsIntervalDays { get; set; } = 90;

    /// <summary>Customers with a complaint resolved this recently are asked the NPS question.</summary>
    public int NpsRecentDays { get; set; } = 30;

    /// <summary>Chats and calls are surveyed when they ended within this window (older ones are left alone).</summary>
    public int ContactWindowHours { get; set; } = 24;
}
