using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Notifications;

/// <summary>An administrator drops a customised text: the built-in default applies again.</summary>
internal static class ResetTemplate
{
    public static async Task<Results<Ok<TemplateDetail>, ValidationProblem>> HandleAsync(
        string key, string locale, string channel, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var parsed = GetTemplate.Address(key, locale, channel, errors);
        if (errors.Any) return errors.ToProblem();
        var stored = await db.NotificationTemplates.FirstOrDefaultAsync(t => t.Key == key && t.Locale == locale && t.Channel == parsed, ct);
        if (stored is not null)
        {
            db.NotificationTemplates.Remove(stored);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Reset by someone else a moment ago: the default is in force, which is what was asked.
                db.ChangeTracker.Clear();
            }
        }
        return TypedResults.Ok(await GetTemplate.LoadAsync(db, key, locale, parsed!.Value, ct));
    }
}
