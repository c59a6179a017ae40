using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Notifications;

/// <summary>Notification routes and services; each route points at its use case.</summary>
internal static class NotificationEndpoints
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().Bind(builder.Configuration.GetSection("Notifications"))
            .Validate(o => o.DispatchIntervalSeconds is > 0 and <= 3600 && o.MaxAttempts is > 0 and <= 20 && o.BatchSize is > 0 and <= 1000
                && o.Concurrency is > 0 and <= 64,
                "Notifications options out of range.")
            .ValidateOnStart();
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddSingleton<StoredTemplates>();
        builder.Services.AddScoped<Customers.ICustomerRecordsOwner, MoveNoticesToCustomer>();
        builder.Services.AddSingleton<NotificationDispatcher>();
        builder.Services.AddSingleton<INotificationSender, InAppSender>();
        var smtp = builder.Configuration.GetSection("Email:Smtp");
        builder.Services.AddOptions<SmtpOptions>().Bind(smtp)
            .Validate(o => o.Host is null || (o.Port is > 0 and < 65536 && o.FromAddress.Contains('@')), "Email:Smtp needs a port and a From address.")
            .ValidateOnStart();
        // The relay when a host is in force at the time of sending, else the development outbox (EmailSender).
        builder.Services.AddSingleton<INotificationSender, EmailSender>();
        builder.Services.AddHealthChecks().AddCheck<SmtpRelayHealthCheck>("smtp_relay", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(5));
        builder.Services.AddHostedService<NotificationDispatchService>();
        return builder;
    }

    /// <summary>A complaint's notices, on the complaints' <c>/tickets</c> group.</summary>
    public static RouteGroupBuilder MapTicketNotifications(this RouteGroupBuilder tickets)
    {
        tickets.MapGet("/{id}/notifications", ListNotifications.ForTicketAsync).WithTags("Notifications").RequireAuthorization(Policies.Staff)
            .WithName("ListTicketNotifications").WithSummary("Every notice sent about a complaint, with its delivery state.");
        return tickets;
    }

    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        api.MapGet("/me/notifications", ListNotifications.MineAsync).WithTags("Notifications").RequireAuthorization(Policies.Customer)
            .WithName("MyNotifications").WithSummary("The signed-in customer's in-app notices, newest first.");
        var templates = api.MapGroup("/notification-templates").WithTags("Notifications").RequireAuthorization(Policies.Admin);
        templates.MapGet("/", ListTemplates.HandleAsync).WithName("ListNotificationTemplates").WithSummary("Every template in every language and channel.");
        templates.MapPut("/{key}/{locale}/{channel}", SaveTemplate.HandleAsync).WithName("SaveNotificationTemplate").WithSummary("Replace a template's text.");
        templates.MapGet("/{key}/{locale}/{channel}", GetTemplate.HandleAsync).WithName("GetNotificationTemplate")
            .WithSummary("One template: the text in force, the default, its placeholders and a preview with sample values.");
        templates.MapPost("/{key}/{locale}/{channel}/preview", PreviewTemplate.Handle).WithName("PreviewNotificationTemplate")
            .WithSummary("Render a draft with sample values; 400 when it uses a placeholder the template is never filled with.");
        templates.MapDelete("/{key}/{locale}/{channel}", ResetTemplate.HandleAsync).WithName("ResetNotificationTemplate")
            .WithSummary("Drop the customised text so the built-in default applies again.");
        return api;
    }
}
