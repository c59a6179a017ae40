namespace PayDesk.Features.Audit;

/// <summary>
/// How the audit log learns what people call a record (a complaint number, a customer's name, a masked card,
/// a colleague's name) without reaching into other features' tables: each feature that writes audit entries
/// names its own records.
/// </summary>
internal interface IAuditNames
{
    /// <summary>Adds a name for each id of a record kind this feature owns (ids grouped by entity type; "AppUser" also holds owners).</summary>
    Task NameAsync(ILookup<string, Guid> ids, Dictionary<Guid, string> names, CancellationToken ct);

    /// <summary>The ids of this feature's records that belong to the complaint with this number.</summary>
    Task<IReadOnlyCollection<Guid>> OfComplaintAsync(string number, CancellationToken ct);
}
