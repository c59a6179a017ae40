using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Notifications;

internal static class NotificationEndpoints
{
    public sealed record NotificationResponse(
        Guid Id, Guid? TicketId, NotificationChannel Channel, string TemplateKey, string Destination, string? Subject, string Body,
        DeliveryStatus Status, int Attempts, string? LastError, DateTime CreatedAt, DateTime? SentAt);

    public sealed record TemplateResponse(string Key, string Locale, NotificationChannel Channel, string? Subject, string Body, bool Customised);

    public sealed record TemplateRequest(string? Subject, string? Body);

    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().Bind(builder.Configuration.GetSection("Notifications"))
            .Validate(o => o.DispatchIntervalSeconds is > 0 and <= 3600 && o.MaxAttempts is > 0 and <= 20 && o.BatchSize is > 0 and <= 1000,
                "Notifications options out of range.")
            .ValidateOnStart();
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddSingleton<NotificationDispatcher>();
        builder.Services.AddSingleton<INotificationSender, InAppSender>();
        var smtp = builder.Configuration.GetSection("Email:Smtp");
        builder.Services.AddOptions<SmtpOptions>().Bind(smtp)
            .Validate(o => o.Host is null || (o.Port is > 0 and < 65536 && o.FromAddress.Contains('@')), "Email:Smtp needs a port and a From address.")
            .ValidateOnStart();
        // The relay when one is configured (read when the container is built), else the development outbox.
        builder.Services.AddSingleton<INotificationSender>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmtpOptions>>().Value.Host)
            ? new DevelopmentOutboxSender(NotificationChannel.Email, sp.GetRequiredService<StorageOptions>())
            : new SmtpEmailSender(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmtpOptions>>()));
        builder.Services.AddHostedService<NotificationDispatchService>();
        return builder;
    }

    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        api.MapGet("/tickets/{id}/notifications", ForTicketAsync).WithTags("Notifications").RequireAuthorization(Policies.Staff)
            .WithName("ListTicketNotifications").WithSummary("Every notice sent about a complaint, with its delivery state.");
        api.MapGet("/me/notifications", MineAsync).WithTags("Notifications").RequireAuthorization(Policies.Customer)
            .WithName("MyNotifications").WithSummary("The signed-in customer's in-app notices, newest first.");
        var templates = api.MapGroup("/notification-templates").WithTags("Notifications").RequireAuthorization(Policies.Admin);
        templates.MapGet("/", ListTemplatesAsync).WithName("ListNotificationTemplates").WithSummary("Every template in every language and channel.");
        templates.MapPut("/{key}/{locale}/{channel}", SaveTemplateAsync).WithName("SaveNotificationTemplate").WithSummary("Replace a template's text.");
        return api;
    }

    private static async Task<Results<Ok<Paged<NotificationResponse>>, NotFound, ValidationProblem>> ForTicketAsync(
        string id, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await PageAsync(db.Notifications.Where(n => n.TicketId == ticket.Id), paging, ct));
    }

    private static async Task<Results<Ok<Paged<NotificationResponse>>, ValidationProblem>> MineAsync(
        AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var customerId = actors.Current.CustomerId;
        return TypedResults.Ok(await PageAsync(db.Notifications.Where(n => n.CustomerId == customerId && n.Channel == NotificationChannel.InApp), paging, ct));
    }

    private static async Task<Paged<NotificationResponse>> PageAsync(IQueryable<Notification> query, PageRequest paging, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(n => new NotificationResponse(n.Id, n.TicketId, n.Channel, n.TemplateKey, n.DestinationMasked, n.Subject, n.Body,
                n.Status, n.Attempts, n.LastError, n.CreatedAt, n.SentAt))
            .ToListAsync(ct);
        return new Paged<NotificationResponse>(items, paging.Page, paging.PageSize, total);
    }

    internal static async Task<Ok<List<TemplateResponse>>> ListTemplatesAsync(AppDbContext db, CancellationToken ct)
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

    internal static async Task<Results<Ok<TemplateResponse>, ValidationProblem>> SaveTemplateAsync(
        string key, string locale, string channel, TemplateRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (!DefaultTemplates.Exists(key)) errors.AddKey("key", "Request.InvalidEnum", string.Join(", ", DefaultTemplates.Keys));
        if (locale is not ("zh-CN" or "en")) errors.AddKey("locale", "Request.InvalidEnum", "zh-CN, en");
        var parsedChannel = EnumText.Parse<NotificationChannel>(channel, "channel", errors);
        errors.RequiredText("body", request.Body, 4000);
        errors.MaxLength("subject", request.Subject, 200);
        if (key == DefaultTemplates.VerificationCode && request.Body is { } b && !b.Contains("{code}", StringComparison.Ordinal))
        {
            errors.AddKey("body", "Notifications.CodePlaceholder");
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
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new TemplateResponse(key, locale, template.Channel, template.Subject, template.Body, true));
    }
}
