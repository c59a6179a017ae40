using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>One case: published ones for all staff, drafts for supervisors only (a draft is not yet checked).</summary>
internal static class GetCase
{
    public static async Task<Results<Ok<CaseResponse>, NotFound>> HandleAsync(Guid id, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var actor = actors.Current;
        var item = await CaseViews.Visible(db, actor).FirstOrDefaultAsync(c => c.Id == id, ct);
        return item is null ? TypedResults.NotFound() : TypedResults.Ok(CaseViews.Response(item, actor));
    }
}
