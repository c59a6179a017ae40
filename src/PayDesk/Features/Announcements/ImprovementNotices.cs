using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Announcements;

/// <summary>An improvement notice as staff edit it and as the public history shows it (the public one in one language).</summary>
internal sealed record ImprovementDto(Guid Id, RootCause RootCause, TicketCategory? Category, string TitleZh, string TitleEn, string BodyZh, string BodyEn, DateTime PublishedAt)
{
    public static ImprovementDto From(ImprovementNotice n) => new(n.Id, n.RootCause, n.Category, n.TitleZh, n.TitleEn, n.BodyZh, n.BodyEn, n.PublishedAt);
}

internal sealed record PublicImprovement(Guid Id, RootCause RootCause, TicketCategory? Category, string Title, string Body, DateTime PublishedAt);

/// <summary>改进公示: a supervisor publishes or corrects what was improved, for a root cause of past complaints (audited).</summary>
internal static class SaveImprovementNotice
{
    public sealed record Request(RootCause? RootCause, TicketCategory? Category, string? TitleZh, string? TitleEn, string? BodyZh, string? BodyEn);

    public static async Task<Results<Created<ImprovementDto>, ValidationProblem>> CreateAsync(
        Request request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = Validate(request, l);
        if (errors.Any) return errors.ToProblem();
        var now = clock.GetUtcNow().UtcDateTime;
        var n = new ImprovementNotice { TitleZh = "", TitleEn = "", BodyZh = "", BodyEn = "", PublishedAt = now, CreatedAt = now, CreatedById = actors.Current.UserId };
        Apply(n, request, now);
        db.Set<ImprovementNotice>().Add(n);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/improvements/{n.Id}", ImprovementDto.From(n));
    }

    public static async Task<Results<Ok<ImprovementDto>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, Request request, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var n = await db.Set<ImprovementNotice>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (n is null) return TypedResults.NotFound();
        var errors = Validate(request, l);
        if (errors.Any) return errors.ToProblem();
        Apply(n, request, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ImprovementDto.From(n));
    }

    private static void Apply(ImprovementNotice n, Request r, DateTime now)
    {
        n.RootCause = r.RootCause!.Value;
        n.Category = r.Category;
        n.TitleZh = Infrastructure.Security.PersonalNumbers.MaskText(r.TitleZh!.Trim())!;
        n.TitleEn = Infrastructure.Security.PersonalNumbers.MaskText(r.TitleEn!.Trim())!;
        n.BodyZh = Infrastructure.Security.PersonalNumbers.MaskText(r.BodyZh!.Trim())!;
        n.BodyEn = Infrastructure.Security.PersonalNumbers.MaskText(r.BodyEn!.Trim())!;
        n.UpdatedAt = now;
    }

    private static ValidationErrors Validate(Request r, IStringLocalizer<SharedResource> l)
    {
        var errors = new ValidationErrors(l);
        if (r.RootCause is null) errors.AddKey("rootCause", "Validation.Required");
        errors.RequiredText("titleZh", r.TitleZh, 200);
        errors.RequiredText("titleEn", r.TitleEn, 200);
        errors.RequiredText("bodyZh", r.BodyZh, 4000);
        errors.RequiredText("bodyEn", r.BodyEn, 4000);
        return errors;
    }
}

/// <summary>The improvement history, newest first, optionally for one root cause; paged. The public one is anonymous and in the reader's language.</summary>
internal static class ListImprovementNotices
{
    public static async Task<Results<Ok<Paged<PublicImprovement>>, ValidationProblem>> PublicAsync(
        string? rootCause, int? page, int? pageSize, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var cause = EnumText.Parse<RootCause>(rootCause, "rootCause", errors);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await PublicPageAsync(db, cause, paging, ct));
    }

    public static async Task<Results<Ok<Paged<ImprovementDto>>, ValidationProblem>> AllAsync(
        string? rootCause, int? page, int? pageSize, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var cause = EnumText.Parse<RootCause>(rootCause, "rootCause", errors);
        if (errors.Any) return errors.ToProblem();
        var (rows, total) = await PageAsync(db, cause, paging, ct);
        return TypedResults.Ok(new Paged<ImprovementDto>(rows.Select(ImprovementDto.From).ToList(), paging.Page, paging.PageSize, total));
    }

    public static async Task<Paged<PublicImprovement>> PublicPageAsync(AppDbContext db, RootCause? rootCause, PageRequest paging, CancellationToken ct)
    {
        var english = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var (rows, total) = await PageAsync(db, rootCause, paging, ct);
        return new Paged<PublicImprovement>(rows.Select(n => new PublicImprovement(n.Id, n.RootCause, n.Category,
            english ? n.TitleEn : n.TitleZh, english ? n.BodyEn : n.BodyZh, n.PublishedAt)).ToList(), paging.Page, paging.PageSize, total);
    }

    private static async Task<(List<ImprovementNotice> Rows, int Total)> PageAsync(AppDbContext db, RootCause? rootCause, PageRequest paging, CancellationToken ct)
    {
        var query = db.Set<ImprovementNotice>().AsNoTracking();
        if (rootCause is { } cause) query = query.Where(n => n.RootCause == cause);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(n => n.PublishedAt).ThenByDescending(n => n.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return (rows, total);
    }
}
