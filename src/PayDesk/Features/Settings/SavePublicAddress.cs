using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Settings;

internal sealed record SavePublicAddressRequest(string? Url);

/// <summary>
/// An administrator sets the address customers reach PayDesk at. Checked (absolute http/https, no query or
/// fragment), normalised (no trailing slash) and audited; the environment's PublicBaseUrl still wins.
/// </summary>
internal static class SavePublicAddress
{
    /// <summary>The audit log's record id for this setting (AppSetting rows are keyed by name, not by a Guid).</summary>
    public static readonly Guid AuditId = new("5e771a65-0000-4000-8000-00000000a001");

    public static async Task<Results<Ok<PublicAddressResponse>, ValidationProblem>> HandleAsync(
        SavePublicAddressRequest request, AppDbContext db, PublicAddress address, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var url = PublicAddress.Normalise(request.Url, out var problem);
        if (url is null)
        {
            errors.AddKey("url", problem!);
            return errors.ToProblem();
        }
        var actor = actors.Current;
        var now = clock.GetUtcNow().UtcDateTime;
        await address.ReloadAsync(ct);
        var before = address.Current.SavedUrl;
        if (before != url)
        {
            db.AuditEntries.Add(Audit.AuditEntry.Of(actor, "PublicAddress", AuditId, Audit.AuditActions.Updated,
                new JsonObject { ["publicBaseUrl"] = new JsonObject { ["from"] = before, ["to"] = url } }, now));
        }
        var (_, after) = await address.SaveAsync(db, url, actor.Name, now, ct);
        return TypedResults.Ok(PublicAddressResponse.From(after));
    }
}
