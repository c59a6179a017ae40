using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Surveys;

public sealed record SurveyAnswerRow(Guid Id, SurveyKind Kind, SurveySubject Subject, string? TicketNumber, TicketChannel? Channel,
    TicketCategory? Category, string? Team, Guid? OwnerId, DateTime SentAt, DateTime? AnsweredAt, int? Score, bool? FirstContactResolved, string? Comment);

/// <summary>Sent surveys and their answers for supervisors, newest first.</summary>
internal static class ListSurveys
{
    public static async Task<Results<Ok<Paged<SurveyAnswerRow>>, ValidationProblem>> HandleAsync(
        string? kind, bool? answered, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize,
        AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var k = EnumText.Parse<SurveyKind>(kind, "kind", errors);
        var paging = PageRequest.From(page, pageSize, errors);
        if (from > to) errors.AddKey("to", "Validation.RangeOrder");
        if (errors.Any) return errors.ToProblem();
        var query = db.Surveys.AsNoTracking();
        if (k is { } kk) query = query.Where(s => s.Kind == kk);
        if (answered is { } a) query = a ? query.Where(s => s.AnsweredAt != null) : query.Where(s => s.AnsweredAt == null);
        if (from is { } f) query = query.Where(s => s.SentAt >= f.UtcDateTime);
        if (to is { } t) query = query.Where(s => s.SentAt < t.UtcDateTime);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(s => s.SentAt).Skip(paging.Skip).Take(paging.PageSize)
            .Select(s => new SurveyAnswerRow(s.Id, s.Kind, s.Subject, s.TicketNumber, s.Channel, s.Category, s.Team, s.OwnerId,
                s.SentAt, s.AnsweredAt, s.Score, s.FirstContactResolved, s.Comment)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<SurveyAnswerRow>(items, paging.Page, paging.PageSize, total));
    }
}
