using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Record a remedy. Money-moving remedies need a verified complainant; above
/// <see cref="ResolutionOptions.ApprovalThreshold"/>, or when the transaction's money is already back, they wait for a second
/// person (<see cref="DecideRemedy"/>).
/// </summary>
internal static class ProposeRemedy
{
    public sealed record ProposeRequest(ResolutionKind? Kind, MoneyInput? Amount, string? Note);

    public static async Task<Results<Created<ActionResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, ProposeRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IOptions<ResolutionOptions> options,
        IOptions<VerificationOptions> verification, IPaymentSystem payments, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        if (ticket.Status is TicketStatus.Closed or TicketStatus.Resolved)
        {
            return LifecycleProblems.NotAllowedForStaff(l, ticket.Status);
        }
        var errors = new ValidationErrors(l);
        if (request.Kind is null) errors.AddKey("kind", "Validation.Required");
        errors.RequiredText("note", request.Note, 2000);
        var kind = request.Kind ?? ResolutionKind.Explanation;
        var currency = request.Amount?.Currency?.Trim().ToUpperInvariant();
        if (ResolutionAction.MovesMoney(kind))
        {
            if (request.Amount is null) errors.AddKey("amount", "Validation.Required");
            else TicketRules.CheckAmount(errors, "amount", request.Amount);
            // Money back in the money the complaint is about: a refund in another currency is another complaint's.
            if (ticket.Amount is not null && currency is { Length: > 0 } && !string.Equals(currency, ticket.Currency ?? "CNY", StringComparison.Ordinal))
            {
                errors.AddKey("amount.currency", "Resolution.CurrencyMismatch", ticket.Currency ?? "CNY");
            }
        }
        else if (request.Amount is not null)
        {
            errors.AddKey("amount", "Resolution.NoAmount");
        }
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        if (ResolutionAction.NeedsVerification(kind) && !RecordVerification.IsVerified(ticket, now, verification.Value))
        {
            return TypedResults.Problem(l["Verification.Required"], statusCode: StatusCodes.Status403Forbidden, title: l["Verification.Title"]);
        }
        var amount = request.Amount?.Value;
        // Asked before the write transaction: the payment system may be slow, and nothing waits on the writer meanwhile.
        var moneyBack = ResolutionAction.MovesMoney(kind) ? await MoneyAlreadyBack.CheckAsync(db, payments, ticket, ct) : null;
        // The checks below read the complaint's own amount and transaction: if staff changed either after intake (clearing the
        // serial hides a reversal, raising the amount hides "more than disputed"), a second person looks first.
        var factsEdited = ResolutionAction.MovesMoney(kind) && await MoneyFactsEditedByStaffAsync(db, ticket.Id, ct);
        // The earlier remedies and this one are one decision: two agents (or one, twice) proposing at once must not both
        // count the other's remedy out, so the sum and the insert are serialised per complaint.
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SerialiseOnAsync(ticket.Id, ct);
        string? approvalReason = null;
        if (ResolutionAction.MovesMoney(kind))
        {
            var earlier = (await db.ResolutionActions.AsNoTracking()
                .Where(a => a.TicketId == ticket.Id && a.Status != ResolutionStatus.Rejected && a.Currency == currency
                    && (a.Kind == ResolutionKind.Refund || a.Kind == ResolutionKind.BalanceAdjustment))
                .Select(a => a.Amount).ToListAsync(ct)).Sum(a => a ?? 0);
            approvalReason = ResolutionAction.ReasonToWait(amount!.Value, currency!, earlier, options.Value, ticket.Amount, ticket.Currency, moneyBack)
                ?? (factsEdited ? "facts_edited" : null);
        }
        var action = new ResolutionAction
        {
            TicketId = ticket.Id,
            Kind = kind,
            Amount = amount,
            Currency = currency,
            Note = Infrastructure.Security.PersonalNumbers.Mask(request.Note!.Trim()).Text,
            // Maker-checker: money above the threshold (alone or with the complaint's earlier remedies) waits for a second person.
            Status = approvalReason is null ? ResolutionStatus.Approved : ResolutionStatus.PendingApproval,
            ApprovalReason = approvalReason,
            RequestedById = actor.UserId,
            RequestedByName = actor.Name,
            CreatedAt = now,
        };
        db.ResolutionActions.Add(action);
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Action, actor, now, action.Note, new JsonObject
        {
            ["actionId"] = action.Id.ToString(),
            ["kind"] = EnumText.Name(kind),
            ["amount"] = amount,
            ["currency"] = action.Currency,
            ["status"] = EnumText.Name(action.Status),
            ["approvalReason"] = approvalReason,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}/actions", ActionResponse.From(action));
    }

    /// <summary>
    /// Whether a member of staff (not the customer, not intake) replaced or cleared the complaint's amount or transaction id.
    /// Filling in one that was missing (a caller's amount typed in) is not a change of facts.
    /// </summary>
    private static async Task<bool> MoneyFactsEditedByStaffAsync(AppDbContext db, Guid ticketId, CancellationToken ct)
    {
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Ticket) && a.EntityId == ticketId && a.Action == Audit.AuditActions.Updated && a.ActorId != null
                && (a.Changes.Contains("\"amount\"") || a.Changes.Contains("\"transactionId\"")))
            .Select(a => new { ActorId = a.ActorId!.Value, a.Changes }).ToListAsync(ct);
        static bool Replaced(string changes)
        {
            var fields = System.Text.Json.Nodes.JsonNode.Parse(changes) as System.Text.Json.Nodes.JsonObject;
            return new[] { "amount", "transactionId" }.Any(f => fields?[f] is System.Text.Json.Nodes.JsonObject change && change["from"] is not null);
        }
        var editors = entries.Where(e => Replaced(e.Changes)).Select(e => e.ActorId).Distinct().ToList();
        return editors.Count > 0 && await db.Users.AnyAsync(u => editors.Contains(u.Id) && u.CustomerId == null, ct);
    }
}
