using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// The complaint's services and its one <c>/tickets</c> route group. Every route about a complaint hangs off the
/// group this returns: Complaints maps its own use cases here, and features that add something about a
/// complaint (its service-level clocks, notices, survey, suggested articles, the assistant's reading) attach
/// their routes to the same group from their own Map method, called in PayDeskHost.
/// </summary>
internal static class ComplaintEndpoints
{
    public static IHostApplicationBuilder AddComplaints(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Audit.IAuditNames, ComplaintAuditNames>();
        builder.Services.AddSingleton<TicketNumberAllocator>();
        builder.Services.AddScoped<SearchComplaints>();
        builder.Services.AddSingleton<Search.ISearchSource, TicketSearchSource>();
        builder.Services.AddOptions<LifecycleOptions>()
            .Bind(builder.Configuration.GetSection("Lifecycle"))
            .Validate(o => o.ReopenWindowDays is > 0 and <= 365, "Lifecycle:ReopenWindowDays must be 1–365.")
            .Validate(o => o.ConfirmationTimeoutDays is > 0 and <= 60, "Lifecycle:ConfirmationTimeoutDays must be 1–60.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ConfirmationLinks>();
        builder.Services.AddSingleton<LifecycleSweep>();
        builder.Services.AddScoped<LifecycleServices>();
        builder.Services.AddScoped<ComplaintObservers>();
        builder.Services.AddHostedService<LifecycleSweepService>();
        builder.Services.AddOptions<VerificationOptions>().Bind(builder.Configuration.GetSection("Verification"))
            .Validate(o => o.MaxCodesPerHour is > 0 and <= 20 && o.ValidForHours is > 0,
                "Verification options out of range.")
            .ValidateOnStart();
        builder.Services.AddOptions<ResolutionOptions>().Bind(builder.Configuration.GetSection("Resolutions"))
            .Validate(o => o.ApprovalThreshold >= 0, "Resolutions:ApprovalThreshold must not be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<Customers.ICustomerRecordsOwner, MoveComplaintsToCustomer>();
        return builder;
    }

    public static RouteGroupBuilder MapComplaints(this RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets").RequireAuthorization();

        var record = tickets.MapGroup("").WithTags("Tickets");
        record.MapPost("/", CreateTicket.HandleAsync).WithName("CreateTicket")
            .WithSummary("Record a complaint. Send an Idempotency-Key header so a retried request never creates a duplicate.");
        record.MapGet("/", ListTickets.HandleAsync).WithName("ListTickets")
            .WithSummary("Complaints the caller may see, newest first, filtered and paged.");
        record.MapGet("/{id}", GetTicket.HandleAsync).WithName("GetTicket")
            .WithSummary("One complaint by id or number (PD-2026-000123), with its messages.");
        record.MapPatch("/{id}", UpdateTicket.HandleAsync).WithName("UpdateTicket").RequireAuthorization(Policies.Staff)
            .WithSummary("Change a complaint's facts or assignment; null clears a field.");
        record.MapPost("/{id}/messages", AddTicketMessage.HandleAsync).WithName("AddTicketMessage")
            .WithSummary("Add a public reply or an internal note.");
        record.MapGet("/{id}/attachments", ListComplaintFiles.HandleAsync).WithName("ListComplaintFiles")
            .WithSummary("The complaint's files from every channel (e-mail, portal, chat, social), newest first; a customer sees their own complaint's public files.");
        record.MapPost("/{id}/attachments", AttachComplaintFiles.HandleAsync).WithName("AttachComplaintFiles").DisableAntiforgery()
            .WithMetadata(new Infrastructure.Http.UploadAttribute(AttachmentTexts.MaxFiles))
            .WithSummary("Add up to 5 files (multipart field file): images, PDF, text; type judged by content, size limited. A refused file is named in the problem details; the others are kept.");
        record.MapPost("/{id}/reveal", RevealOriginalText.HandleAsync).WithName("RevealOriginalText").RequireAuthorization(Policies.Staff)
            .WithSummary("Show the subject, description or a message as written, before phone and ID numbers were masked; needs a reason and is audited.");
        var duplicates = tickets.MapGroup("/{id}").WithTags("Tickets").RequireAuthorization(Policies.Staff);
        duplicates.MapGet("/related", MergeAndLink.RelatedAsync).WithName("RelatedTickets").WithSummary("Open duplicates (same customer and serial) and linked complaints.");
        duplicates.MapGet("/duplicates", FindDuplicates.HandleAsync).WithName("DuplicateTickets")
            .WithSummary("Other open complaints of the same customer about the same money (same serial, or same amount on the same day): a double refund risk.");
        duplicates.MapPost("/merge", MergeAndLink.MergeAsync).WithName("MergeTicket").WithSummary("Close this duplicate into another complaint.");
        duplicates.MapPost("/links", MergeAndLink.LinkAsync).WithName("LinkTickets").WithSummary("Link two related complaints.");

        var lifecycle = tickets.MapGroup("/{id}").WithTags("Lifecycle");
        lifecycle.MapPost("/transitions", TransitionTicket.HandleAsync).WithName("TransitionTicket")
            .WithSummary("Move a complaint along its lifecycle; 409 lists the triggers allowed now.");
        lifecycle.MapGet("/timeline", GetTimeline.HandleAsync).WithName("GetTimeline")
            .WithSummary("Everything that happened to a complaint, oldest first.");
        lifecycle.MapPost("/take", TakeOwnership.HandleAsync).WithName("TakeOwnership").RequireAuthorization(Policies.Staff)
            .WithSummary("首问负责制: become the complaint's owner if it has none.");
        lifecycle.MapPost("/reassign", ReassignTicket.HandleAsync).WithName("ReassignTicket").RequireAuthorization(Policies.Supervisor)
            .WithSummary("Give the complaint another owner (supervisors only, with a reason).");
        lifecycle.MapPost("/transfer", TransferTicket.HandleAsync).WithName("TransferTicket").RequireAuthorization(Policies.Staff)
            .WithSummary("Bring in an expert team; the owner stays accountable.");
        lifecycle.MapPost("/escalate", EscalateTicket.HandleAsync).WithName("EscalateTicket").RequireAuthorization(Policies.Staff)
            .WithSummary("Raise the escalation level (升级处理) with a reason.");

        // 核实身份: before account matters are discussed or money moves, the complainant proves they hold the account.
        var verification = tickets.MapGroup("/{id}/verification").WithTags("Verification").RequireAuthorization(Policies.Staff);
        verification.MapPost("/", StartVerification.HandleAsync).WithName("StartVerification").WithSummary("Send a one-time code to the customer's bound phone or e-mail.");
        verification.MapPost("/{challengeId:guid}/confirm", ConfirmVerificationCode.HandleAsync).WithName("ConfirmVerification").WithSummary("Check the code the customer received.");
        verification.MapPost("/id-check", CheckIdentity.HandleAsync).WithName("VerifyByIdAndPhone").WithSummary("Check the last six ID characters and the bound phone.");
        // 交易查询留痕: a look-up is a POST because it is kept on the complaint; GET lists what was kept.
        var evidence = tickets.MapGroup("/{id}/evidence").WithTags("Payments").RequireAuthorization(Policies.Staff);
        evidence.MapPost("/", LookUpTransactions.HandleAsync).WithName("LookUpTransactions")
            .WithSummary("Look up the complainant's transactions (optional window, serial, exact amount; default: the complaint's serial and three days either side) and account state; needs a verified complainant. The look-up and its masked answer are kept on the complaint.");
        evidence.MapGet("/", ListTransactionEvidence.HandleAsync).WithName("ListTicketEvidence")
            .WithSummary("The transaction look-ups kept on a complaint: who, when, the query and the transactions returned (masked), newest first.");
        evidence.MapGet("/{evidenceId:guid}", ListTransactionEvidence.GetAsync).WithName("GetTicketEvidence")
            .WithSummary("One kept transaction look-up.");

        var remedies = tickets.MapGroup("/{id}/actions").WithTags("Resolutions").RequireAuthorization(Policies.Staff);
        remedies.MapGet("/", ListRemedies.HandleAsync).WithName("ListResolutionActions").WithSummary("The actions taken or proposed on a complaint.");
        remedies.MapPost("/", ProposeRemedy.HandleAsync).WithName("ProposeResolutionAction")
            .WithSummary("Record a refund, adjustment, unfreeze request, retry guidance or explanation; large money actions wait for approval.");
        remedies.MapPost("/{actionId:guid}/approve", (string id, Guid actionId, DecideRemedy.DecideRequest r, AppDbContext db, ActorAccessor a, TimeProvider c, IStringLocalizer<SharedResource> l, CancellationToken ct)
            => DecideRemedy.HandleAsync(id, actionId, r, approve: true, db, a, c, l, ct)).WithName("ApproveResolutionAction").WithSummary("Approve (a second person: not the requester).");
        remedies.MapPost("/{actionId:guid}/reject", (string id, Guid actionId, DecideRemedy.DecideRequest r, AppDbContext db, ActorAccessor a, TimeProvider c, IStringLocalizer<SharedResource> l, CancellationToken ct)
            => DecideRemedy.HandleAsync(id, actionId, r, approve: false, db, a, c, l, ct)).WithName("RejectResolutionAction").WithSummary("Reject, with a note.");

        var callbacks = tickets.MapGroup("/{id}/callbacks").WithTags("Callbacks").RequireAuthorization(Policies.Staff);
        callbacks.MapGet("/", ListCallbacks.HandleAsync).WithName("ListCallbacks").WithSummary("A complaint's callbacks.");
        callbacks.MapPost("/", ScheduleCallback.HandleAsync).WithName("ScheduleCallback").WithSummary("Agree a time to call the customer back (回电).");
        callbacks.MapPost("/{callbackId:guid}/complete", CompleteCallback.HandleAsync).WithName("CompleteCallback").WithSummary("Record how the call went.");
        api.MapGet("/remedies/pending", ListPendingRemedies.HandleAsync).WithTags("Resolutions").RequireAuthorization(Policies.Staff)
            .WithName("PendingRemedies").WithSummary("Refunds and adjustments waiting for a second person's approval, oldest first (approvers only).");
        api.MapGet("/callbacks/due", ListDueCallbacks.HandleAsync).WithTags("Callbacks").RequireAuthorization(Policies.Staff)
            .WithName("DueCallbacks").WithSummary("My callbacks due now or within 15 minutes, earliest first.");

        api.MapGet("/search/tickets", SearchComplaints.HandleAsync).WithTags("Knowledge").RequireAuthorization(Policies.Staff).WithName("SearchTickets")
            .WithSummary("Full-text search over complaints: subject, description and messages.");

        api.MapConfirmations();
        return tickets;
    }
}
