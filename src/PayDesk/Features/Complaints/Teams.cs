namespace PayDesk.Features.Complaints;

/// <summary>The service centre's teams (SPEC §4). Editable teams arrive with routing; these are the defaults.</summary>
internal static class Teams
{
    public const string FrontDesk = "front_desk";
    public const string Consultants = "consultants";
    public const string TechnicalSupport = "technical_support";
    public const string BackOffice = "back_office";

    public static readonly string[] All = [FrontDesk, Consultants, TechnicalSupport, BackOffice];
}
