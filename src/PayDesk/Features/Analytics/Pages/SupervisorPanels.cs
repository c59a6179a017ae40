namespace PayDesk.Features.Analytics.Pages;

/// <summary>Places on the supervisor board where other features show panels (suggested incidents).</summary>
internal static class SupervisorPanelPlace
{
    /// <summary>Above the board's figures: what needs a supervisor's decision now.</summary>
    public const string Top = "supervisor.top";
}

/// <summary>What a panel on the supervisor board is told: the time of the board's last refresh (panels reload with it).</summary>
public sealed record SupervisorPanelContext(DateTimeOffset Refreshed);
