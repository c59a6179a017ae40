using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Notifications;

public sealed record TemplateRequest(string? Subject, string? Body);

/// <summary>
/// An administrator replaces a template's text; the verification-code template must keep its {code} placeholder,
/// and no text may use a placeholder the template is never filled with.
/// </summary>
internal static class SaveTemplate
{
    public static async Task<Results<Ok<TemplateResponse>, ValidationProblem>> HandleAsync(
        string key, string locale, string channel, TemplateRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var parsedChannel = GetTemplate.Address(key, locale, channel, errors);
        errors.RequiredText("body", request.Body, 4000);
        errors.MaxLength("subject", request.Subject, 200);
        if (key == DefaultTemplates.VerificationCode && request.Body is { } b && !b.Contains("{code}", StringComparison.Ordinal))
        {
            errors.AddKey("body", "Notifications.CodePlaceholder");
        }
        if (DefaultTemplates.Exists(key))
        {
            foreach (var (field, text) in new[] { ("subject", request.Subject), ("body", request.Body) })
            {
                if (TemplateVariables.Unknown(key, text) is { Count: > 0 } unknown)
                {
                    errors.AddKey(field, "Templates.UnknownVariable", string.Join(" ", unknown.Select(u => "{" + u + "}")), string.Join(" ", TemplateVariables.For(key).Select(v => "{" + v + "}")));
                }
            }
        }
        if (errors.Any) return errors.ToProblem();

        var template = await db.NotificationTemplates.FirstOrDefaultAsync(t => t.Key == key && t.Locale == locale && t.Channel == parsedChannel, ct);
        if (template is null)
        {
            template = new NotificationTemplate { Key = key, Locale = locale, Channel = parsedChannel!.Value, Body = request.Body! };
            db.NotificationTemplates.Add(template);
        }
        template.Subject = request.Subject;
        template.Body = request.Body!;
        template.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        template.UpdatedBy = actors.Current.Name;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DatabaseFailureLogging.IsUniqueViolation(e))
        {
            // Two administrators saving a template never customised (both inserted), or one saving while another resets it
            // (the row was gone): HTTP 500 for the second. Saved again over what is there now, as a later save would be.
            db.ChangeTracker.Clear();
            return await HandleAsync(key, locale, channel, request, db, actors, clock, l, ct);
        }
        return TypedResults.Ok(new TemplateResponse(key, locale, template.Channel, template.Subject, template.Body, true));
    }
}
