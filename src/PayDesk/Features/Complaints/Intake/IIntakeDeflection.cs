namespace PayDesk.Features.Complaints;

/// <summary>An answer the help centre may already have for what a customer is about to file.</summary>
public sealed record SuggestedAnswer(string Slug, string Locale, string Title, string Snippet);

/// <summary>
/// Self-service before filing (deflection): the new-complaint form shows answers that may already solve the
/// problem and records whether they did. Answered by the help centre (Knowledge); the form knows only this.
/// </summary>
internal interface IIntakeDeflection
{
    Task<IReadOnlyList<SuggestedAnswer>> SuggestAsync(string query, string locale, int limit, CancellationToken ct);

    /// <summary>The customer said the answers solved it (<paramref name="ticketId"/> null) or filed anyway.</summary>
    Task RecordAsync(string query, IReadOnlyList<string> suggested, bool solved, Guid? ticketId, CancellationToken ct);
}
