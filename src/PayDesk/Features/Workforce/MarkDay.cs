using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Workforce;

/// <summary>Mark a day (a promotion, an outage) the forecast should treat apart.</summary>
internal static class MarkDay
{
    public sealed record MarkedDayRequest(DateOnly? Date, string? Kind, string? Name, double? ExpectedUplift);

    public static async Task<Results<Created<ListMarkedDays.MarkedDayResponse>, ValidationProblem>> HandleAsync(
        MarkedDayRequest request, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Date is null) errors.AddKey("date", "Validation.Required");
        else if (request.Date < ValidationErrors.FirstDate || request.Date > ValidationErrors.LastDate)
        {
            errors.AddKey("date", "Validation.DateRange", ValidationErrors.FirstDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ValidationErrors.LastDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (errors.RequiredText("kind", request.Kind, 32) && !request.Kind!.Trim().All(c => char.IsAsciiLetterLower(c) || c == '-'))
        {
            errors.AddKey("kind", "Workforce.KindFormat");
        }
        errors.RequiredText("name", request.Name, 100);
        if (request.ExpectedUplift is <= 0 or > 20) errors.AddKey("expectedUplift", "Workforce.UpliftRange");
        if (errors.Any) return errors.ToProblem();
        var record = new MarkedDayRecord
        {
            Date = request.Date!.Value,
            Kind = request.Kind!.Trim(),
            Name = request.Name!.Trim(),
            ExpectedUplift = request.ExpectedUplift,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.MarkedDays.Add(record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/workforce/marked-days/{record.Id}",
            new ListMarkedDays.MarkedDayResponse(record.Id, record.Date, record.Kind, record.Name, record.ExpectedUplift));
    }
}
