using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Assistant;

/// <summary>A stored intent model version as administrators see it (the payload stays in the database).</summary>
internal sealed record AssistantVersionRow(int Version, DateTime CreatedAt, int Examples, int Intents, double Accuracy, bool Active, string Sources);

/// <summary>
/// The versions `assistant train` stored, newest first, and the administrator's choice of which one serves: activating
/// another one (a roll-back after a bad training, or forward again) is audited, and every server switches to it within a
/// minute (<see cref="AssistantVersionWatcher"/>). The training rule — a new version only if it scores at least as well —
/// applies to training; choosing an existing version is a person's decision, so it is written down.
/// </summary>
internal static class AssistantVersions
{
    public const string AuditEntity = "AssistantModelVersion";

    public enum Outcome { Activated, AlreadyActive, NotFound }

    /// <summary>The audit log's id of a version (its number in the first field of a Guid): versions are numbered, not Guid-keyed.</summary>
    public static Guid AuditId(int version) => new(version, 0, 0, new byte[8]);

    private static readonly System.Linq.Expressions.Expression<Func<AssistantModelVersion, AssistantVersionRow>> Row =
        m => new AssistantVersionRow(m.Version, m.CreatedAt, m.Examples, m.Intents, m.Accuracy, m.Active, m.Sources);

    public static async Task<Paged<AssistantVersionRow>> ListAsync(AppDbContext db, PageRequest paging, CancellationToken ct)
    {
        var query = db.AssistantModels.AsNoTracking();
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.Version).Skip(paging.Skip).Take(paging.PageSize)
            .Select(Row).ToListAsync(ct);
        return new Paged<AssistantVersionRow>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>Makes the version the active one (audited) and serves it on this server at once; the others follow on their next round.</summary>
    public static async Task<Outcome> ActivateAsync(AppDbContext db, Actor actor, int version, DateTime now,
        AssistantModel assistant, IServiceProvider services, CancellationToken ct)
    {
        var outcome = await ChooseAsync(db, actor, version, now, ct);
        if (outcome != Outcome.NotFound) await assistant.LoadActiveAsync(services, ct);
        return outcome;
    }

    private static async Task<Outcome> ChooseAsync(AppDbContext db, Actor actor, int version, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var target = await db.AssistantModels.FirstOrDefaultAsync(m => m.Version == version, ct);
        if (target is null) return Outcome.NotFound;
        if (target.Active) return Outcome.AlreadyActive;
        var previous = await db.AssistantModels.Where(m => m.Active).ToListAsync(ct);
        foreach (var p in previous) p.Active = false;
        target.Active = true;
        db.AuditEntries.Add(AuditEntry.Of(actor, AuditEntity, AuditId(version), "activated", new JsonObject
        {
            ["version"] = new JsonObject { ["from"] = previous.FirstOrDefault()?.Version, ["to"] = version },
            ["accuracy"] = target.Accuracy,
        }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Activated;
    }

    public static RouteGroupBuilder MapAssistantVersions(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/assistant/models").WithTags("Assistant").RequireAuthorization(Policies.Admin);
        group.MapGet("/", async Task<Results<Ok<Paged<AssistantVersionRow>>, ValidationProblem>> (
                AppDbContext db, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct) =>
            {
                var errors = new ValidationErrors(l);
                var paging = PageRequest.From(page, pageSize, errors);
                if (errors.Any) return errors.ToProblem();
                return TypedResults.Ok(await ListAsync(db, paging, ct));
            })
            .WithName("ListAssistantVersions").WithSummary("The intent model versions `assistant train` stored, newest first, paged.");
        group.MapPost("/{version:int}/activate", async Task<Results<Ok<AssistantVersionRow>, NotFound>> (
                int version, AppDbContext db, ActorAccessor actors, TimeProvider clock, AssistantModel assistant, IServiceProvider services, CancellationToken ct) =>
            {
                var outcome = await ActivateAsync(db, actors.Current, version, clock.GetUtcNow().UtcDateTime, assistant, services, ct);
                if (outcome == Outcome.NotFound) return TypedResults.NotFound();
                var row = await db.AssistantModels.AsNoTracking().Where(m => m.Version == version).Select(Row).FirstAsync(ct);
                return TypedResults.Ok(row);
            })
            .WithName("ActivateAssistantVersion")
            .WithSummary("Serve this version (audited); every server switches to it within a minute. Activating the active one changes nothing.");
        return api;
    }
}
