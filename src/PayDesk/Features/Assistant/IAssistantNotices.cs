namespace PayDesk.Features.Assistant;

/// <summary>
/// Public notices the assistant tells a customer whose question matches one (an open incident on the bank they name,
/// planned maintenance, a security warning). The announcements feature answers it, so the dependency runs from
/// announcements to the assistant and the assistant works without it.
/// </summary>
public interface IAssistantNotices
{
    /// <summary>
    /// The notice's text in the current UI language with times in the customer's time zone, or null when none matches;
    /// <paramref name="timeZone"/> is asked only when one does.
    /// </summary>
    Task<string?> MatchAsync(string question, Func<CancellationToken, Task<string?>> timeZone, CancellationToken ct);
}
