using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Notifications;

public sealed record TemplateResponse(string Key, string Locale, NotificationChannel Channel, string? Subject, string Body, bool Customised);

/// <summary>Every template in every language and channel: the stored text where an administrator changed it, else the default.</summary>
internal static class ListTemplates
{
    public static async Task<Ok<List<TemplateResponse>>> HandleAsync(AppDbContext db, CancellationToken ct)
    {
        var stored = await db.NotificationTemplates.AsNoTracking().ToListAsync(ct);
        var all = new List<TemplateResponse>();
        foreach (var key in DefaultTemplates.Keys)
        {
            foreach (var locale in new[] { "zh-CN", "en" })
            {
                foreach (var channel in Enum.GetValues<NotificationChannel>())
                {
                    var custom = stored.FirstOrDefault(t => t.Key == key && t.Locale == locale && t.Channel == channel);
                    var (subject, body) = DefaultTemplates.For(key, locale);
                    all.Add(custom is null
                        ? new TemplateResponse(key, locale, channel, subject, body, false)
                        : new TemplateResponse(key, locale, channel, custom.Subject, custom.Body, true));
                }
            }
        }
        return TypedResults.Ok(all);
    }
}
