namespace PayDesk.Features.Lifecycle;

/// <summary>The service centre's teams (SPEC §4). Editable teams arrive with routing; these are the defaults.</summary>
internal static class Teams
{
    public const string FrontDesk = "front_desk";
    public const string Consultants = "consultants";
    public const string TechnicalSupport = "technical_support";
    public const string BackOffice = "back_office";

    public static readonly string[] All = [FrontDesk, Consultants, TechnicalSupport, BackOffice];
}

internal sealed class LifecycleOptions
{
    /// <summary>A closed complaint may be reopened this long after closing.</summary>
    public int ReopenWindowDays { get; set; } = 14;

    /// <summary>A proposed solution counts as accepted when the customer has not answered this long.</summary>
    public int ConfirmationTimeoutDays { get; set; } = 7;
}
