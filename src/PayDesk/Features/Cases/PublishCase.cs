using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>One place in a case that still looks personal: the field and what kind of data (phone, card, id, serial, email, name…).</summary>
internal sealed record CaseFinding(string Field, string Kind);

/// <summary>
/// The publishing check: every text of the case is scanned again — the supervisor's edits may have brought a
/// number or the customer's name back — against the patterns and the complaint's own records.
/// </summary>
internal sealed class CaseChecks(CaseScrubContext scrubContext, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<CaseFinding>> FindingsAsync(ServiceCase item, CancellationToken ct)
    {
        var known = await scrubContext.ForAsync(item.TicketId, ct);
        return item.Texts().SelectMany(t => CaseScrubber.Findings(t.Text, known).Select(f => new CaseFinding(t.Field, f.Kind))).Distinct().ToList();
    }

    /// <summary>What is missing before a case may be published: a title, the problem, what was done and the lesson.</summary>
    public static IEnumerable<string> Missing(ServiceCase item)
    {
        if (string.IsNullOrWhiteSpace(item.Title)) yield return "title";
        if (string.IsNullOrWhiteSpace(item.Problem)) yield return "problem";
        if (string.IsNullOrWhiteSpace(item.Actions)) yield return "actions";
        if (string.IsNullOrWhiteSpace(item.Lessons)) yield return "lessons";
    }

    /// <summary>A 422 problem naming each field and kind found, or null when the case is clean.</summary>
    public async Task<ProblemHttpResult?> RefusalAsync(ServiceCase item, CancellationToken ct)
    {
        var findings = await FindingsAsync(item, ct);
        if (findings.Count == 0) return null;
        return TypedResults.Problem(
            detail: l["Cases.StillPersonal", Describe(findings, l)],
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: l["Cases.StillPersonalTitle"],
            extensions: new Dictionary<string, object?> { ["findings"] = findings.Select(f => new { field = f.Field, kind = f.Kind }).ToList() });
    }

    /// <summary>"问题描述：手机号；客户原话：姓名" in the reader's language.</summary>
    public static string Describe(IEnumerable<CaseFinding> findings, IStringLocalizer l) =>
        string.Join(l["Cases.ListSeparator"], findings.GroupBy(f => f.Field)
            .Select(g => l[$"Cases.Field.{g.Key}"] + l["Cases.FieldSeparator"] + Infrastructure.Http.ListText.Join(g.Select(f => l[$"Cases.Kind.{f.Kind}"].Value).Distinct(), l)));
}

/// <summary>A supervisor publishes a reviewed draft: refused (422) while anything in it still looks personal.</summary>
internal sealed class PublishCase(AppDbContext db, CaseChecks checks, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public static async Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(Guid id, PublishCase publish, CancellationToken ct) =>
        await publish.PublishAsync(id, ct);

    public async Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem, ProblemHttpResult>> PublishAsync(Guid id, CancellationToken ct)
    {
        var actor = actors.Current;
        if (!CaseViews.IsEditor(actor)) return TypedResults.Problem(l["Cases.SupervisorsOnly"], statusCode: StatusCodes.Status403Forbidden);
        var item = await db.Set<ServiceCase>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (item is null) return TypedResults.NotFound();
        if (item.Status == CaseStatus.Published) return TypedResults.Problem(l["Cases.AlreadyPublished"], statusCode: StatusCodes.Status409Conflict);
        var missing = CaseChecks.Missing(item).ToList();
        if (missing.Count > 0)
        {
            return TypedResults.ValidationProblem(missing.ToDictionary(f => f, _ => new[] { l["Cases.NeededToPublish"].Value }), title: l["Validation.Title"]);
        }
        if (await checks.RefusalAsync(item, ct) is { } refused) return refused;

        var now = clock.GetUtcNow().UtcDateTime;
        item.Status = CaseStatus.Published;
        item.PublishedAt = now;
        item.PublishedBy = actor.Name;
        item.UpdatedAt = now;
        item.UpdatedBy = actor.Name;
        db.AuditEntries.Add(AuditEntry.Of(actor, CaseAudit.Entity, item.Id, CaseAudit.Published, new JsonObject { ["complaint"] = item.TicketNumber }, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CaseViews.Response(item, actor));
    }
}
