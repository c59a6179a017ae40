using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Workforce;

/// <summary>Promotions and other marked days, newest first.</summary>
internal static class ListMarkedDays
{
    public sealed record MarkedDayResponse(Guid Id, DateOnly Date, string Kind, string Name, double? ExpectedUplift);

    public static async Task<Results<Ok<Paged<MarkedDayResponse>>, ValidationProblem>> HandleAsync(
        int? page, int? pageSize, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var query = db.MarkedDays.AsNoTracking();
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.Date).Skip(paging.Skip).Take(paging.PageSize)
            .Select(m => new MarkedDayResponse(m.Id, m.Date, m.Kind, m.Name, m.ExpectedUplift)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<MarkedDayResponse>(items, paging.Page, paging.PageSize, total));
    }

    /// <summary>The page's list: the latest fifty.</summary>
    public static Task<List<MarkedDayRecord>> LatestAsync(AppDbContext db, CancellationToken ct) =>
        db.MarkedDays.AsNoTracking().OrderByDescending(m => m.Date).Take(50).ToListAsync(ct);
}
