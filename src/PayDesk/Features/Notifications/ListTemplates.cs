using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Notifications;

public sealed record TemplateResponse(string Key, string Locale, NotificationChannel Channel, string? Subject, string Body, bool Customised);

/// <summary>Every template in every language and channel: the stored text where an administrator changed it, else the default.</summary>
internal static class ListTemplates
{
    /// <remarks>The optional filters (template key, language, channel) narrow the list; an unknown value matches nothing.</remarks>
    public static async Task<Ok<List<TemplateResponse>>> HandleAsync(AppDbContext db, CancellationToken ct, string? key = null, string? locale = null, string? channel = null)
    {
        var stored = await db.NotificationTemplates.AsNoTracking().ToListAsync(ct);
        var all = new List<TemplateResponse>();
        foreach (var name in DefaultTemplates.Keys)
        {
            foreach (var language in GetTemplate.Locales)
            {
                foreach (var kind in Enum.GetValues<NotificationChannel>())
                {
                    var custom = stored.FirstOrDefault(t => t.Key == name && t.Locale == language && t.Channel == kind);
                    var (subject, body) = DefaultTemplates.For(name, language);
                    all.Add(custom is null
                        ? new TemplateResponse(name, language, kind, subject, body, false)
                        : new TemplateResponse(name, language, kind, custom.Subject, custom.Body, true));
                }
            }
        }
        return TypedResults.Ok(all
            .Where(t => string.IsNullOrEmpty(key) || t.Key == key)
            .Where(t => string.IsNullOrEmpty(locale) || t.Locale == locale)
            .Where(t => string.IsNullOrEmpty(channel) || string.Equals(EnumText.Name(t.Channel), channel, StringComparison.OrdinalIgnoreCase))
            .ToList());
    }
}
