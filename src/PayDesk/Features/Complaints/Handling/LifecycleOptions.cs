namespace PayDesk.Features.Complaints;

internal sealed class LifecycleOptions
{
    /// <summary>A closed complaint may be reopened this long after closing.</summary>
    public int ReopenWindowDays { get; set; } = 14;

    /// <summary>A proposed solution counts as accepted when the customer has not answered this long.</summary>
    public int ConfirmationTimeoutDays { get; set; } = 7;
}
