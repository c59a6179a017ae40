using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

/// <summary>
/// Deflection: which suggested articles a customer saw before filing, and whether they solved it or went ahead
/// (the knowledge base's measure of articles that save a complaint).
/// </summary>
internal static class RecordDeflection
{
    public sealed record DeflectionRequest(string? Query, IReadOnlyList<string>? Suggested, string? Opened, DeflectionOutcome? Outcome, Guid? TicketId);

    public static async Task<Results<Ok, ValidationProblem>> HandleAsync(
        DeflectionRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.Required("query", request.Query);
        errors.MaxLength("query", request.Query, 500);
        if (request.Outcome is null) errors.AddKey("outcome", "Request.InvalidEnum", EnumText.Allowed(typeof(DeflectionOutcome)));
        if (request.Suggested is null || request.Suggested.Count is 0 or > 10) errors.AddKey("suggested", "Kb.SuggestedList");
        errors.MaxLength("opened", request.Opened, 100);
        if (errors.Any) return errors.ToProblem();
        db.Deflections.Add(new Deflection
        {
            CustomerId = actors.Current.CustomerId, Query = Infrastructure.Security.PersonalNumbers.Mask(request.Query!.Trim()).Text, Suggested = string.Join(",", request.Suggested!.Take(10)).Truncate(1000),
            Opened = request.Opened, Outcome = request.Outcome!.Value, TicketId = request.TicketId, At = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok();
    }

    private static string Truncate(this string s, int max) => s.Length > max ? s[..max] : s;
}
