using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Announcements;

/// <summary>Announcements (公告) and improvement notices (改进公示): public reads for customers, supervisors' management.</summary>
internal static class AnnouncementEndpoints
{
    /// <summary>The chat widget's cross-origin policy (Features/Channels/Chat), so embedding pages can read the banner.</summary>
    private const string ChatWidgetCors = "chat-widget";

    public static IHostApplicationBuilder AddAnnouncements(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PublicNotices>();
        builder.Services.AddSingleton<AssistantNoticeCache>();
        builder.Services.AddScoped<Assistant.IAssistantNotices>(sp => sp.GetRequiredService<PublicNotices>());
        return builder;
    }

    public static RouteGroupBuilder MapAnnouncements(this RouteGroupBuilder api)
    {
        var pub = api.MapGroup("/announcements").WithTags("Announcements");
        pub.MapGet("/public", ListPublicNotices.HandleAsync).AllowAnonymous().RequireCors(ChatWidgetCors).WithName("PublicAnnouncements")
            .WithSummary("The notices shown now at a place (placement=help_centre, portal or chat): open public incidents, then live announcements; no personal data, times in Beijing time.");

        var manage = api.MapGroup("/announcements").WithTags("Announcements").RequireAuthorization(Policies.Supervisor);
        manage.MapGet("/", ListAnnouncements.HandleAsync).WithName("ListAnnouncements").WithSummary("Every announcement, newest first; state=scheduled|live|expired; paged.");
        manage.MapGet("/{id:guid}", GetAnnouncement.HandleAsync).WithName("GetAnnouncement").WithSummary("One announcement with its delivery counts (queued, sent, failed, no contact).");
        manage.MapPost("/", SaveAnnouncement.CreateAsync).WithName("CreateAnnouncement")
            .WithSummary("A new announcement: kind, title and body in Chinese and English, placement, publishAt/expireAt, maintenance window, scope (bank, category, keywords).");
        manage.MapPut("/{id:guid}", SaveAnnouncement.UpdateAsync).WithName("UpdateAnnouncement").WithSummary("Change an announcement.");
        manage.MapPost("/{id:guid}/expire", ExpireAnnouncement.HandleAsync).WithName("ExpireAnnouncement").WithSummary("Take an announcement down now.");
        manage.MapPost("/{id:guid}/push", PushAnnouncement.HandleAsync).WithName("PushAnnouncement")
            .WithSummary("Send a live announcement through the outbox (channel in_app or sms) to a segment: complaints (open complaint in scope) or bank_users (paid with the bank's card in the last `days` days); once per customer.");

        var improvements = api.MapGroup("/improvements").WithTags("Announcements");
        improvements.MapGet("/public", ListImprovementNotices.PublicAsync).AllowAnonymous().WithName("PublicImprovements")
            .WithSummary("改进公示: what was improved, newest first, optionally for one rootCause; in the reader's language; paged.");
        var manageImprovements = api.MapGroup("/improvements").WithTags("Announcements").RequireAuthorization(Policies.Supervisor);
        manageImprovements.MapGet("/", ListImprovementNotices.AllAsync).WithName("ListImprovements").WithSummary("Improvement notices in both languages, paged.");
        manageImprovements.MapPost("/", SaveImprovementNotice.CreateAsync).WithName("CreateImprovement").WithSummary("Publish an improvement for a root cause of past complaints.");
        manageImprovements.MapPut("/{id:guid}", SaveImprovementNotice.UpdateAsync).WithName("UpdateImprovement").WithSummary("Correct an improvement notice.");
        return api;
    }
}
