using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Workforce;

/// <summary>Remove a marked day.</summary>
internal static class UnmarkDay
{
    public static async Task<Results<NoContent, NotFound>> HandleAsync(Guid id, AppDbContext db, CancellationToken ct) =>
        await db.MarkedDays.Where(m => m.Id == id).ExecuteDeleteAsync(ct) == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
}
