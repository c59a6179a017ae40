using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Notifications;

/// <summary>One template as its editor needs it: the text in force, the default, its placeholders and a preview with sample values.</summary>
public sealed record TemplateDetail(
    string Key, string Locale, NotificationChannel Channel, string? Subject, string Body, bool Customised,
    string DefaultSubject, string DefaultBody, IReadOnlyList<string> Variables, DateTime? UpdatedAt, string? UpdatedBy,
    string? PreviewSubject, string PreviewBody);

internal static class GetTemplate
{
    public static readonly string[] Locales = ["zh-CN", "en"];

    public static async Task<Results<Ok<TemplateDetail>, ValidationProblem>> HandleAsync(
        string key, string locale, string channel, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var parsed = Address(key, locale, channel, errors);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await LoadAsync(db, key, locale, parsed!.Value, ct));
    }

    /// <summary>Checks a template's address (key, language, channel); the channel when all three are known.</summary>
    public static NotificationChannel? Address(string key, string locale, string channel, ValidationErrors errors)
    {
        if (!DefaultTemplates.Exists(key)) errors.AddKey("key", "Request.InvalidEnum", string.Join(", ", DefaultTemplates.Keys));
        if (!Locales.Contains(locale)) errors.AddKey("locale", "Request.InvalidEnum", string.Join(", ", Locales));
        var parsed = EnumText.Parse<NotificationChannel>(channel, "channel", errors);
        if (parsed is null && !errors.Any) errors.AddKey("channel", "Validation.Required");
        return parsed;
    }

    public static async Task<TemplateDetail> LoadAsync(AppDbContext db, string key, string locale, NotificationChannel channel, CancellationToken ct)
    {
        var stored = await db.NotificationTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key && t.Locale == locale && t.Channel == channel, ct);
        var (defaultSubject, defaultBody) = DefaultTemplates.For(key, locale);
        var subject = stored is null ? defaultSubject : stored.Subject;
        var body = stored?.Body ?? defaultBody;
        return new TemplateDetail(key, locale, channel, subject, body, stored is not null, defaultSubject, defaultBody,
            TemplateVariables.For(key), stored?.UpdatedAt, stored?.UpdatedBy,
            channel == NotificationChannel.Sms ? null : TemplateVariables.Preview(subject, locale), TemplateVariables.Preview(body, locale));
    }
}

/// <summary>The text as a customer would read it, with sample values; refused when it uses a placeholder the template never gets.</summary>
internal static class PreviewTemplate
{
    public sealed record PreviewResponse(string? Subject, string Body);

    public static Results<Ok<PreviewResponse>, ValidationProblem> Handle(
        string key, string locale, string channel, TemplateRequest request, IStringLocalizer<SharedResource> l)
    {
        var errors = new ValidationErrors(l);
        var parsed = GetTemplate.Address(key, locale, channel, errors);
        if (errors.Any) return errors.ToProblem();
        foreach (var (field, text) in new[] { ("subject", request.Subject), ("body", request.Body) })
        {
            if (TemplateVariables.Unknown(key, text) is { Count: > 0 } unknown)
            {
                errors.AddKey(field, "Templates.UnknownVariable", string.Join(" ", unknown.Select(u => "{" + u + "}")), string.Join(" ", TemplateVariables.For(key).Select(v => "{" + v + "}")));
            }
        }
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(new PreviewResponse(parsed == NotificationChannel.Sms ? null : TemplateVariables.Preview(request.Subject, locale),
            TemplateVariables.Preview(request.Body, locale)));
    }
}
