using PayDesk.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels.Chat;

/// <summary>
/// What the agent sees beside a chat (issue 18): the customer's profile (masked), their open complaints and, once the
/// visitor is verified (signed in or code-checked), their recent transactions from the payment system — the same
/// service the complaint page's transaction look-up uses.
/// </summary>
internal static class GetChatContext
{
    public sealed record Profile(Guid Id, string Name, string Kind, string? Phone, string? Email, string? IdNumber);
    public sealed record OpenComplaint(string Number, string Subject, string Status);
    public sealed record Transaction(string Serial, string Merchant, decimal Amount, string Currency, string Status, DateTime OccurredAt);
    /// <param name="PaymentsUnavailable">The payment system did not answer: no transactions to show, the rest still is.</param>
    /// <param name="UnprovenClaim">
    /// The visitor only typed this customer's contact: the panel says so, and the complaints' subjects are left out (an agent
    /// could read them out to a stranger); numbers and statuses stay so the agent knows there is open work.
    /// </param>
    public sealed record Context(Profile? Customer, bool Verified, IReadOnlyList<OpenComplaint> OpenComplaints, IReadOnlyList<Transaction>? Transactions,
        bool PaymentsUnavailable = false, bool UnprovenClaim = false);

    public static async Task<Results<Ok<Context>, NotFound, ForbidHttpResult>> HandleAsync(Guid id, AppDbContext db, IPaymentSystem payments, TimeProvider clock,
        ActorAccessor actors, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null) return TypedResults.NotFound();
        if (!ChatService.MayRead(conversation, actors.Current)) return TypedResults.Forbid();
        var verified = conversation.VerifiedAt is not null;
        if (conversation.CustomerId is not { } customerId) return TypedResults.Ok(new Context(null, verified, [], null));
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null) return TypedResults.Ok(new Context(null, verified, [], null));
        var open = await db.Tickets.AsNoTracking()
            .Where(t => t.CustomerId == customerId && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved)
            .OrderByDescending(t => t.CreatedAt).Take(5)
            .Select(t => new { t.Number, t.Subject, t.Status })
            .ToListAsync(ct);
        IReadOnlyList<Transaction>? transactions = null;
        var unavailable = false;
        // Transactions are shown only for a verified visitor, as on the complaint page.
        if (verified && customer.AccountId is { } account)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            try
            {
                transactions = (await payments.SearchAsync(account, now.AddDays(-30), now, ct))
                    .OrderByDescending(t => t.OccurredAt).Take(5)
                    .Select(t => new Transaction(t.Serial, t.Merchant, t.Amount, t.Currency, t.Status.ToString(), t.OccurredAt)).ToList();
            }
            catch (PaymentSystemUnavailableException)
            {
                unavailable = true;
            }
        }
        var profile = new Profile(customer.Id, customer.Name, customer.Kind.ToString(), customer.PhoneMasked,
            customer.Email is { } email ? Infrastructure.Security.PersonalData.MaskEmail(email) : null, customer.IdNumberMasked);
        var unproven = ChatService.UnprovenClaim(conversation);
        return TypedResults.Ok(new Context(profile, verified,
            open.Select(t => new OpenComplaint(t.Number, unproven ? "" : t.Subject, t.Status.ToString())).ToList(), transactions, unavailable, unproven));
    }
}
