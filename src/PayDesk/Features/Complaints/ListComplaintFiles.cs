using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>The files of a complaint, newest first, paged: the same list as the complaint's <c>attachments</c>.</summary>
internal static class ListComplaintFiles
{
    public static async Task<Results<Ok<Paged<ComplaintFile>>, NotFound, ValidationProblem>> HandleAsync(
        string id, int? page, int? pageSize, AppDbContext db, ActorAccessor actors, IComplaintFiles files,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var all = await files.ListAsync(ticket.Id, actor, ct);
        var items = all.Reverse().Skip(paging.Skip).Take(paging.PageSize).ToList();
        return TypedResults.Ok(new Paged<ComplaintFile>(items, paging.Page, paging.PageSize, all.Count));
    }
}
