using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels.Phone;

public enum CallEventType
{
    Ringing,
    Queued,
    Answered,
    Transferred,
    Ended,
    Abandoned,
    Voicemail,
    Recording,
}

/// <summary>What the PBX or cloud contact centre posts for each step of a call (docs/channels.md).</summary>
public sealed record CallEventRequest(
    string? EventId, string? CallId, CallEventType? Type, DateTimeOffset? At, string? From, CallDirection? Direction,
    string? Ivr, string? Queue, string? Agent, string? RecordingUrl, string? Reason);

/// <summary>How each event moves a call; pure, so out-of-order and repeated events are unit-tested.</summary>
internal static class CallRules
{
    public static void Apply(CallRecord call, CallEventType type, DateTime at, CallEventRequest e)
    {
        if (at < call.StartedAt) call.StartedAt = at;
        var terminal = call.State is CallState.Ended or CallState.Abandoned or CallState.Voicemail;
        switch (type)
        {
            case CallEventType.Ringing:
                break;
            case CallEventType.Queued:
                call.QueuedAt ??= at;
                call.IvrChoice = e.Ivr ?? call.IvrChoice;
                call.Queue = e.Queue ?? call.Queue;
                if (call.State == CallState.Ringing) call.State = CallState.Queued;
                break;
            case CallEventType.Answered:
                call.AnsweredAt ??= at;
                if (!terminal) call.State = CallState.Connected;
                break;
            case CallEventType.Transferred:
                call.Transfers++;
                call.Queue = e.Queue ?? call.Queue;
                break;
            case CallEventType.Ended:
                call.EndedAt ??= at;
                if (!terminal) call.State = call.AnsweredAt is null ? CallState.Abandoned : CallState.Ended;
                break;
            case CallEventType.Abandoned:
                call.EndedAt ??= at;
                if (call.State != CallState.Voicemail) call.State = call.AnsweredAt is null ? CallState.Abandoned : CallState.Ended;
                break;
            case CallEventType.Voicemail:
                call.EndedAt ??= at;
                call.State = CallState.Voicemail;
                call.RecordingUrl = e.RecordingUrl ?? call.RecordingUrl;
                break;
            case CallEventType.Recording:
                call.RecordingUrl = e.RecordingUrl ?? call.RecordingUrl;
                break;
        }
    }
}

/// <summary>Receives signed call events: each call becomes an interaction on the caller's timeline; a voicemail becomes a complaint.</summary>
internal static class ReceiveCallEvent
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static async Task<IResult> HandleAsync(
        HttpRequest request, AppDbContext db, CustomerDirectory directory, Microsoft.AspNetCore.Identity.UserManager<AppUser> users, TicketNumberAllocator numbers,
        Complaints.LifecycleServices lifecycle, IOptionsMonitor<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await WebhookSignature.ReadVerifiedAsync(request, "phone", options.CurrentValue.PhoneSecret, clock, options.CurrentValue.MaxSkewSeconds, ct);
        if (problem is not null) return problem;
        CallEventRequest? e;
        try
        {
            e = JsonSerializer.Deserialize<CallEventRequest>(body, Json);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [ex.Message] });
        }
        var problems = new Dictionary<string, string[]>();
        if (e is null) problems["body"] = ["A JSON object is required."];
        else
        {
            if (string.IsNullOrWhiteSpace(e.EventId) || e.EventId.Length > 128) problems["eventId"] = ["Required, at most 128 characters."];
            if (string.IsNullOrWhiteSpace(e.CallId) || e.CallId.Length > 128) problems["callId"] = ["Required, at most 128 characters."];
            if (e.Type is null) problems["type"] = [$"Required; one of {string.Join(", ", Enum.GetValues<CallEventType>().Select(t => EnumText.Name(t)))}."];
            if (e.From is { } f && PersonalData.NormalizePhone(f) is null) problems["from"] = ["Not a phone number."];
            if (e.RecordingUrl is { } url && (url.Length > 1000 || !Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http")))
            {
                problems["recordingUrl"] = ["An absolute http(s) URL."];
            }
        }
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);

        if (await db.CallEvents.AnyAsync(x => x.EventId == e!.EventId, ct)) return TypedResults.Ok(new { duplicate = true });
        var now = clock.GetUtcNow().UtcDateTime;
        var at = e!.At?.UtcDateTime ?? now;
        var call = await db.Calls.FirstOrDefaultAsync(c => c.CallId == e.CallId, ct);
        if (call is null)
        {
            call = new CallRecord { CallId = e.CallId!, StartedAt = at, State = CallState.Ringing, Direction = e.Direction ?? CallDirection.Inbound };
            db.Calls.Add(call);
        }
        if (e.From is { } from && call.CallerHash is null)
        {
            var phone = PersonalData.NormalizePhone(from)!;
            call.CallerHash = directory.HashOf(PersonalDataKind.Phone, phone);
            call.CallerMasked = PersonalData.Mask(PersonalDataKind.Phone, phone);
            call.CustomerId = (await directory.FindAsync(phone, null, ct))?.Id;
        }
        if (e.Agent is { } agent && await users.FindStaffAsync(agent) is { } user)
        {
            call.AgentId = user.Id;
            call.AgentName = user.DisplayName;
        }
        CallRules.Apply(call, e.Type!.Value, at, e);
        call.UpdatedAt = now;
        db.CallEvents.Add(new CallEventRecord
        {
            CallRecordId = call.Id, EventId = e.EventId!, Type = EnumText.Name(e.Type.Value), At = at,
            Detail = e.Reason is { } r ? PayDesk.Infrastructure.Http.ClippedText.Head(r, 1000) : null,
        });

        if (call.State == CallState.Voicemail && call.TicketId is null && e.From is { } caller)
        {
            // A voicemail is a request nobody has heard yet: it becomes a complaint so the service levels run.
            var phone = PersonalData.NormalizePhone(caller)!;
            var customer = await directory.FindAsync(phone, null, ct)
                ?? directory.Add(PersonalData.Mask(PersonalDataKind.Phone, phone), phone, null, null, CustomerKind.Consumer);
            call.CustomerId = customer.Id;
            var ticket = await CreateTicket.OpenAsync(db, numbers, lifecycle, customer, new CreateTicket.Draft(
                TicketChannel.Phone, $"语音留言 {call.CallerMasked}",
                $"IVR: {call.IvrChoice ?? "-"}; queue: {call.Queue ?? "-"}; recording: {call.RecordingUrl ?? "-"}"), Actor.System, now, ct);
            call.TicketId = ticket.Id;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The PBX re-sent the event while the first was being stored.
            if (await IsDuplicateAsync(db, e.EventId!, ct)) return TypedResults.Ok(new { duplicate = true });
            throw;
        }
        return TypedResults.Ok(CallResponse.From(call));
    }

    private static async Task<bool> IsDuplicateAsync(AppDbContext db, string eventId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.CallEvents.AnyAsync(x => x.EventId == eventId, ct);
    }
}

public sealed record CallResponse(
    Guid Id, string CallId, CallDirection Direction, CallState State, string? Caller, Guid? CustomerId, string? IvrChoice, string? Queue,
    DateTime StartedAt, DateTime? QueuedAt, DateTime? AnsweredAt, DateTime? EndedAt, double? WaitSeconds, string? AgentName, int Transfers,
    string? RecordingUrl, Guid? TicketId)
{
    internal static CallResponse From(CallRecord c) => new(
        c.Id, c.CallId, c.Direction, c.State, c.CallerMasked, c.CustomerId, c.IvrChoice, c.Queue, c.StartedAt, c.QueuedAt, c.AnsweredAt, c.EndedAt,
        c.WaitSeconds, c.AgentName, c.Transfers, c.RecordingUrl, c.TicketId);
}
