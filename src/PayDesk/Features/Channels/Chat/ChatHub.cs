using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels.Chat;

/// <summary>
/// Real-time chat. Visitors connect with the token they got when the chat started (?visitor=…);
/// staff connect signed in. Server → client events: message, typing, read, status, queue.
/// </summary>
[AllowAnonymous]
internal sealed class ChatHub(ChatService chat) : Hub
{
    public const string Path = "/hubs/chat";
    private const string ConversationKey = "conversation";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var actor = Actor.FromPrincipal(Context.User ?? new());
        if (chat.ReadToken(http?.Request.Query["visitor"]) is { } conversationId)
        {
            // Counted as the key is set: OnDisconnectedAsync takes one off whenever the key is there, even if joining the group failed.
            Context.Items[ConversationKey] = conversationId;
            Infrastructure.Observability.PayDeskTelemetry.ChatsActive.Add(1);
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatService.Group(conversationId));
        }
        else if (actor.IsStaff)
        {
            // (A console is closed when its session ends: Identity's hub filter registers it before this runs.)
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatService.AgentsGroup);
        }
        else
        {
            Context.Abort();
            return;
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.ContainsKey(ConversationKey)) Infrastructure.Observability.PayDeskTelemetry.ChatsActive.Add(-1);
        return base.OnDisconnectedAsync(exception);
    }

    private Guid VisitorConversation => Context.Items.TryGetValue(ConversationKey, out var id) && id is Guid g
        ? g
        : throw new HubException("Chat.NotAVisitor");

    private Actor Staff
    {
        get
        {
            var actor = Actor.FromPrincipal(Context.User ?? new());
            return actor.IsStaff ? actor : throw new HubException("Forbidden");
        }
    }

    private static T Unwrap<T>(Infrastructure.Http.Outcome<T> outcome) where T : class =>
        outcome.Failed ? throw new HubException(outcome.ErrorText) : outcome.Value!;

    // Visitor side.

    public async Task<ChatMessageDto> Send(string clientMessageId, string text)
    {
        var conversation = await chat.FindAsync(VisitorConversation, Context.ConnectionAborted) ?? throw new HubException("Chat.Ended");
        return Unwrap(await chat.PostAsync(conversation.Id, clientMessageId, text, fromCustomer: true, conversation.VisitorName, null, Context.ConnectionAborted));
    }

    public Task Typing(bool on) =>
        Clients.OthersInGroup(ChatService.Group(VisitorConversation)).SendAsync("typing", new { conversationId = VisitorConversation, fromCustomer = true, on });

    public Task Read(long upTo) => chat.MarkReadAsync(VisitorConversation, upTo, byCustomer: true, Context.ConnectionAborted);

    /// <summary>Everything after the last message id the client has: how a reconnecting client catches up.</summary>
    public Task<IReadOnlyList<ChatMessageDto>> History(long afterId) => chat.HistoryAsync(VisitorConversation, afterId, Context.ConnectionAborted);

    public async Task<ConversationDto> Status() =>
        ConversationDto.From(await chat.FindAsync(VisitorConversation, Context.ConnectionAborted) ?? throw new HubException("Chat.Ended"));

    // Agent side.

    public Task<IReadOnlyList<ConversationDto>> AgentQueue() => chat.QueueAsync(Staff, Context.ConnectionAborted);

    public async Task<IReadOnlyList<ChatMessageDto>> AgentAccept(Guid conversationId)
    {
        Unwrap(await chat.AcceptAsync(conversationId, Staff, Context.ConnectionAborted));
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatService.Group(conversationId));
        return await chat.HistoryAsync(conversationId, 0, Context.ConnectionAborted);
    }

    /// <summary>Rejoins a chat the agent is working (after a reconnect) or, for supervisors, watches one.</summary>
    public async Task<IReadOnlyList<ChatMessageDto>> AgentOpen(Guid conversationId, long afterId)
    {
        var conversation = await chat.FindAsync(conversationId, Context.ConnectionAborted) ?? throw new HubException("NotFound");
        if (!ChatService.MayWork(conversation, Staff)) throw new HubException("Chat.NotYours");
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatService.Group(conversationId));
        return await chat.HistoryAsync(conversationId, afterId, Context.ConnectionAborted);
    }

    public async Task<ChatMessageDto> AgentSend(Guid conversationId, string clientMessageId, string text)
    {
        var agent = Staff;
        var conversation = await chat.FindAsync(conversationId, Context.ConnectionAborted) ?? throw new HubException("NotFound");
        if (!ChatService.MayWork(conversation, agent)) throw new HubException("Chat.NotYours");
        return Unwrap(await chat.PostAsync(conversationId, clientMessageId, text, fromCustomer: false, agent.Name, null, Context.ConnectionAborted));
    }

    // Typing and read receipts go to the visitor: only from the agent working the chat (any staff member could show "typing"
    // in, or mark as read, a conversation someone else holds).
    public async Task AgentTyping(Guid conversationId, bool on)
    {
        await WorkingAsync(conversationId);
        await Clients.OthersInGroup(ChatService.Group(conversationId)).SendAsync("typing", new { conversationId, fromCustomer = false, on });
    }

    public async Task AgentRead(Guid conversationId, long upTo)
    {
        await WorkingAsync(conversationId);
        await chat.MarkReadAsync(conversationId, upTo, byCustomer: false, Context.ConnectionAborted);
    }

    private async Task WorkingAsync(Guid conversationId)
    {
        var conversation = await chat.FindAsync(conversationId, Context.ConnectionAborted) ?? throw new HubException("NotFound");
        if (!ChatService.MayWork(conversation, Staff)) throw new HubException("Chat.NotYours");
    }

    public async Task<ConversationDto> AgentEnd(Guid conversationId, bool openComplaint, string? subject) =>
        Unwrap(await chat.EndAsync(conversationId, Staff, openComplaint, subject, Context.ConnectionAborted));
}
