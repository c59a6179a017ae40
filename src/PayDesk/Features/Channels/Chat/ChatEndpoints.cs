using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels.Chat;

/// <summary>What the widget asks before it opens: see the ChatStatus route's summary.</summary>
public sealed record ChatStatusResponse(bool Open, bool Agents, string Message, long MaxFileBytes, bool SignedIn);

internal static class ChatEndpoints
{
    public const string VisitorHeader = "X-Chat-Token";
    public const string CorsPolicy = "chat-widget";

    public static RouteGroupBuilder MapChat(this RouteGroupBuilder api)
    {
        var chat = api.MapGroup("/chat").WithTags("Chat").RequireCors(CorsPolicy);
        chat.MapGet("/status", (ChatService service, AttachmentStore store, ActorAccessor actors) =>
                // A signed-in customer is never asked who they are: the widget starts without the contact form.
                TypedResults.Ok(new ChatStatusResponse(service.Answering(), service.InServiceHours(), service.GreetingText(), store.MaxBytes, actors.Current.IsCustomer)))
            .AllowAnonymous().WithName("ChatStatus")
            .WithSummary("Whether a chat started now is answered (open: by the assistant around the clock, or by agents), whether agents are in (agents), the text the widget shows, the largest file a visitor may send, and whether the caller is a signed-in customer.");
        chat.MapGet("/texts", (IStringLocalizer<SharedResource> l) =>
                TypedResults.Ok(l.GetAllStrings(includeParentCultures: true).Where(s => s.Name.StartsWith("Widget.", StringComparison.Ordinal))
                    .ToDictionary(s => s.Name, s => s.Value)))
            .AllowAnonymous().WithName("ChatWidgetTexts").WithSummary("The widget's texts in the requested language (?culture=zh-CN or en).");
        chat.MapPost("/conversations", StartAsync).AllowAnonymous().RequireRateLimiting(RateLimits.ChatStart).DisableAntiforgery().WithName("StartChat")
            .WithSummary("Start a chat; returns the visitor token the widget connects to the hub with.");
        chat.MapGet("/conversations", ListAsync).RequireAuthorization(Policies.Staff).WithName("ListChats")
            .WithSummary("Chats, newest first, filtered by status.");
        chat.MapGet("/conversations/{id:guid}", GetAsync).RequireAuthorization(Policies.Staff).WithName("GetChat")
            .WithSummary("One chat with its transcript.");
        chat.MapGet("/conversations/{id:guid}/context", GetChatContext.HandleAsync).RequireAuthorization(Policies.Staff).WithName("GetChatContext")
            .WithSummary("The chat's customer (masked), open complaints and, once verified, recent transactions.");
        chat.MapPost("/conversations/{id:guid}/attachments", UploadAsync).AllowAnonymous().RequireRateLimiting(RateLimits.PublicWrite).DisableAntiforgery()
            .WithMetadata(new UploadAttribute(1)).WithName("UploadChatAttachment")
            .WithSummary("Send a screenshot, receipt or statement (PNG, JPEG, GIF, WebP, PDF, text; size limited) into a chat.");
        chat.MapGet("/attachments/{id:guid}", DownloadAttachment.HandleAsync).AllowAnonymous().WithName("DownloadChatAttachment")
            .WithSummary("A chat attachment, for the chat's visitor (?token=) or staff (audited).");
        api.MapGet("/attachments/{id:guid}", DownloadAttachment.HandleAsync).RequireAuthorization().WithTags("Channels").WithName("DownloadAttachment")
            .WithSummary("Any kept file (e-mail, portal, chat, social): for staff (audited) and for the customer whose complaint or conversation it is on; 404 for anyone else.");
        return api;
    }

    private static async Task<Results<Ok<ChatService.Started>, ValidationProblem>> StartAsync(
        ChatService.StartRequest request, ChatService chat, ActorAccessor actors, CancellationToken ct)
    {
        var outcome = await chat.StartAsync(request, actors.Current, ct);
        return outcome.Failed ? outcome.Errors!.ToProblem() : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Ok<Paged<ConversationDto>>, ValidationProblem>> ListAsync(
        AppDbContext db, string? status, int? page, int? pageSize, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var filter = EnumText.Parse<ConversationStatus>(status, "status", errors);
        if (errors.Any) return errors.ToProblem();
        var query = db.Conversations.AsNoTracking();
        if (filter is { } s) query = query.Where(c => c.Status == s);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.StartedAt).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ConversationDto>(items.Select(ConversationDto.From).ToList(), paging.Page, paging.PageSize, total));
    }

    public sealed record ChatDetail(ConversationDto Conversation, IReadOnlyList<ChatMessageDto> Messages);

    private static async Task<Results<Ok<ChatDetail>, NotFound, ForbidHttpResult>> GetAsync(Guid id, ChatService chat, ActorAccessor actors, CancellationToken ct)
    {
        var conversation = await chat.FindAsync(id, ct);
        if (conversation is null) return TypedResults.NotFound();
        if (!ChatService.MayRead(conversation, actors.Current)) return TypedResults.Forbid();
        return TypedResults.Ok(new ChatDetail(ConversationDto.From(conversation), await chat.HistoryAsync(id, 0, ct)));
    }

    private static async Task<Results<Ok<ChatMessageDto>, NotFound, ValidationProblem, ForbidHttpResult>> UploadAsync(
        Guid id, HttpRequest request, ChatService chat, AttachmentStore store, AppDbContext db, ActorAccessor actors,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var visitor = chat.ReadToken(request.Headers[VisitorHeader]) == id;
        if (!visitor && !actor.IsStaff) return TypedResults.Forbid();
        var conversation = await chat.FindAsync(id, ct);
        if (conversation is null) return TypedResults.NotFound();
        if (!visitor && !ChatService.MayWork(conversation, actor)) return TypedResults.Forbid();

        var errors = new ValidationErrors(l);
        if (await UploadForm.ReadAsync(request, ct) is not { } form)
        {
            errors.AddKey("file", request.HasFormContentType ? "Attachment.Unreadable" : "Attachment.Missing");
            return errors.ToProblem();
        }
        var file = form.Files.GetFile("file");
        var clientMessageId = form["clientMessageId"].ToString();
        if (file is null)
        {
            errors.AddKey("file", "Attachment.Missing");
            return errors.ToProblem();
        }
        var refusal = file.Length > store.MaxBytes ? "Attachment.TooLarge" : null;
        byte[] bytes = [];
        string? type = null;
        if (refusal is null)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
            refusal = store.Check(file.FileName, bytes, out type);
        }
        if (refusal is not null)
        {
            errors.Add("file", AttachmentTexts.Refused(l, file.FileName, refusal, store.MaxBytes));
            return errors.ToProblem();
        }
        var attachment = await store.SaveAsync(file.FileName, type!, bytes, ct);
        attachment.ConversationId = id;
        db.Attachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        var outcome = await chat.PostAsync(id, string.IsNullOrEmpty(clientMessageId) ? "file-" + attachment.Id.ToString("N") : clientMessageId,
            l["Chat.FileMessage", attachment.FileName].Value, fromCustomer: visitor, visitor ? conversation.VisitorName : actor.Name, attachment.Id, ct);
        return outcome.Failed ? outcome.Errors!.ToProblem() : TypedResults.Ok(outcome.Value!);
    }
}
