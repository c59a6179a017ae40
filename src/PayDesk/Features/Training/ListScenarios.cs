using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Training;

/// <summary>The active scenarios, newest first. Facts and secrets stay out of the list: trainees discover them by asking.</summary>
internal static class ListScenarios
{
    public static async Task<Results<Ok<Paged<ScenarioView>>, ValidationProblem>> HandleAsync(
        int? page, int? pageSize, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await RunAsync(paging, db, ct));
    }

    public static async Task<Paged<ScenarioView>> RunAsync(PageRequest paging, AppDbContext db, CancellationToken ct)
    {
        var query = db.Set<TrainingScenario>().AsNoTracking().Where(s => s.Active);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(s => s.SeedKey == null).ThenByDescending(s => s.CreatedAt).ThenBy(s => s.Title)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<ScenarioView>(rows.Select(CreateScenario.View).ToList(), paging.Page, paging.PageSize, total);
    }
}
