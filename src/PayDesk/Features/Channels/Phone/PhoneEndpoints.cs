using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels.Phone;

public sealed record PhoneMetrics(
    int Offered, int Answered, int Abandoned, int Voicemail, double AbandonRate, double? AverageSpeedOfAnswerSeconds,
    double? P90WaitSeconds, double AnsweredWithinTargetRate, int TargetSeconds, int Live);

/// <summary>Speed of answer and abandonment over calls, computed without I/O so it is unit-tested.</summary>
internal static class PhoneMetricsCalculator
{
    public readonly record struct CallFacts(CallState State, DateTime StartedAt, DateTime? QueuedAt, DateTime? AnsweredAt);

    public static PhoneMetrics Compute(IReadOnlyCollection<CallFacts> calls, int targetSeconds)
    {
        var live = calls.Count(c => c.State is CallState.Ringing or CallState.Queued or CallState.Connected && c.AnsweredAt is null);
        var finished = calls.Where(c => c.AnsweredAt is not null || c.State is CallState.Abandoned or CallState.Voicemail).ToList();
        var waits = finished.Where(c => c.AnsweredAt is not null)
            .Select(c => (c.AnsweredAt!.Value - (c.QueuedAt ?? c.StartedAt)).TotalSeconds).Order().ToList();
        var abandoned = finished.Count(c => c.AnsweredAt is null && c.State == CallState.Abandoned);
        var voicemail = finished.Count(c => c.AnsweredAt is null && c.State == CallState.Voicemail);
        var offered = finished.Count;
        return new PhoneMetrics(
            offered, waits.Count, abandoned, voicemail,
            offered == 0 ? 0 : Math.Round((double)abandoned / offered, 4),
            waits.Count == 0 ? null : Math.Round(waits.Average(), 1),
            waits.Count == 0 ? null : Math.Round(waits[(int)Math.Ceiling(0.9 * waits.Count) - 1], 1),
            offered == 0 ? 0 : Math.Round((double)waits.Count(w => w <= targetSeconds) / offered, 4),
            targetSeconds, live);
    }
}

internal static class PhoneEndpoints
{
    public static RouteGroupBuilder MapPhone(this RouteGroupBuilder api)
    {
        api.MapPost("/channels/phone/events", ReceiveCallEvent.HandleAsync).AllowAnonymous().WithTags("Channels")
            .WithName("ReceiveCallEvent").DisableAntiforgery().RequireRateLimiting(RateLimits.Webhook).AddEndpointFilter(WebhookReplayGuard.ReleaseOnFailureAsync)
            .WithSummary("A call event from the PBX (ringing, queued, answered, transferred, ended, abandoned, voicemail, recording); HMAC-signed.");
        var calls = api.MapGroup("/calls").WithTags("Phone").RequireAuthorization(Policies.Staff);
        calls.MapGet("/", ListAsync).WithName("ListCalls").WithSummary("Calls, newest first; filter by state or live calls only.");
        calls.MapGet("/metrics", MetricsAsync).WithName("PhoneMetrics")
            .WithSummary("Offered, answered and abandoned calls, average speed of answer and the share answered within target.");
        calls.MapPost("/{id:guid}/ticket", OpenTicketAsync).WithName("OpenTicketFromCall")
            .WithSummary("Record a complaint from a call (or link the call to an existing complaint), with the agent's optional note on the call (≤ 1000 characters, personal numbers masked).");
        return api;
    }

    private static async Task<Results<Ok<Paged<CallResponse>>, ValidationProblem>> ListAsync(
        AppDbContext db, string? state, bool? live, int? page, int? pageSize, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var stateFilter = EnumText.Parse<CallState>(state, "state", errors);
        if (errors.Any) return errors.ToProblem();
        var query = db.Calls.AsNoTracking();
        if (stateFilter is { } s) query = query.Where(c => c.State == s);
        if (live == true) query = query.Where(c => c.State == CallState.Ringing || c.State == CallState.Queued || c.State == CallState.Connected);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.StartedAt).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Paged<CallResponse>(items.Select(CallResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Ok<PhoneMetrics>, ValidationProblem>> MetricsAsync(
        AppDbContext db, DateTimeOffset? from, DateTimeOffset? to, Microsoft.Extensions.Options.IOptions<PhoneOptions> options, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var end = (to ?? clock.GetUtcNow()).UtcDateTime;
        var start = (from ?? clock.GetUtcNow().AddDays(-1)).UtcDateTime;
        if (start >= end)
        {
            var errors = new ValidationErrors(l);
            errors.AddKey("from", "Validation.RangeOrder");
            return errors.ToProblem();
        }
        return TypedResults.Ok(await GetPhoneQueue.ComputeAsync(db, start, end, options.Value.AnswerTargetSeconds, ct));
    }

    /// <param name="Note">The agent's note on the call (what was said, what was promised); kept on the complaint's timeline with the call.</param>
    public sealed record CallTicketRequest(string? TicketId, string? Subject, string? Description, TicketCategory? Category, string? Note = null);

    /// <summary>The longest call note.</summary>
    public const int CallNoteMax = 1000;

    private static async Task<Results<Ok<CallResponse>, NotFound, ValidationProblem>> OpenTicketAsync(
        Guid id, CallTicketRequest request, AppDbContext db, CustomerDirectory directory, ActorAccessor actors, TicketNumberAllocator numbers,
        Complaints.LifecycleServices lifecycle, IStringLocalizer<SharedResource> l, TimeProvider clock, CancellationToken ct)
    {
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (call.TicketId is not null) errors.AddKey("ticketId", "Call.AlreadyLinked");
        errors.MaxLength("note", request.Note, CallNoteMax);
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var actor = actors.Current;
        Ticket? existing = null;
        if (request.TicketId is { } ticketId)
        {
            existing = await db.FindVisibleAsync(ticketId, actor, track: true, ct);
            if (existing is null) errors.AddKey("ticketId", "Ticket.NotFound");
        }
        else
        {
            errors.Required("subject", request.Subject);
            errors.MaxLength("subject", request.Subject, TicketRules.SubjectMax);
            errors.Required("description", request.Description);
            errors.MaxLength("description", request.Description, TicketRules.DescriptionMax);
            if (call.CustomerId is null && call.CallerHash is null) errors.AddKey("customer", "Call.NoCaller");
        }
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        if (existing is not null)
        {
            call.TicketId = existing.Id;
            call.CustomerId ??= existing.CustomerId;
            CallOnTimeline(db, existing, call, actor, now, note);
        }
        else
        {
            var customer = call.CustomerId is { } customerId
                ? await db.Customers.FirstAsync(c => c.Id == customerId, ct)
                : await db.Customers.FirstOrDefaultAsync(c => c.PhoneHash == call.CallerHash, ct);
            if (customer is null)
            {
                // The PBX gave the number, but only its keyed hash is stored: staff create the customer record first.
                errors.AddKey("customer", "Call.NoCaller");
                return errors.ToProblem();
            }
            var ticket = await CreateTicket.OpenAsync(db, numbers, lifecycle, customer,
                new CreateTicket.Draft(TicketChannel.Phone, request.Subject!, request.Description!, request.Category), actor, now, ct);
            AssignOwner.FirstContact(db, ticket, actor, now, "phone");
            if (note is not null) CallOnTimeline(db, ticket, call, actor, now, note);
            call.TicketId = ticket.Id;
            call.CustomerId = customer.Id;
        }
        call.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CallResponse.From(call));
    }

    /// <summary>The call (and the agent's note on it) on the complaint's timeline; the review workspace shows the note with the call.</summary>
    private static void CallOnTimeline(AppDbContext db, Ticket ticket, CallRecord call, Actor actor, DateTime now, string? note) =>
        Complaints.Timeline.Record(db, ticket, Complaints.TicketEventKind.Interaction, actor, now, note,
            data: new System.Text.Json.Nodes.JsonObject { ["call"] = call.Id.ToString(), ["caller"] = call.CallerMasked });
}
