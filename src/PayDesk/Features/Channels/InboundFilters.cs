using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>Auto-replies and bounces are kept for staff to see, never put on a complaint or answered (no mail loops).</summary>
internal sealed class LoopGuardFilter : IInboundFilter
{
    public int Order => 10;

    public Task ApplyAsync(InboundContext context, CancellationToken ct)
    {
        if (context.Message.Released) return Task.CompletedTask;
        if (context.Message.AutomaticReason is { } reason) context.Quarantine(reason);
        // Only a message with nothing at all is held: a subject alone ("退款没到账") is a complaint.
        else if (string.IsNullOrWhiteSpace(context.Message.Body) && string.IsNullOrWhiteSpace(context.Message.Subject) && context.Message.Files.Count == 0)
        {
            context.Quarantine("empty");
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// One customer across channels: a known channel id first (WeChat openid), then the phone, then the
/// e-mail, then the payment account; a sender never seen before becomes a new customer.
/// </summary>
internal sealed class CustomerMatchFilter(AppDbContext db, CustomerDirectory directory) : IInboundFilter
{
    public int Order => 30;

    public async Task ApplyAsync(InboundContext context, CancellationToken ct)
    {
        var m = context.Message;
        var from = m.From;
        var phone = from.Phone is null ? null : PersonalData.NormalizePhone(from.Phone);
        var email = from.Email is null ? null : CustomerDirectory.NormalizeEmail(from.Email);
        var account = from.AccountId is { } a && CustomerDirectory.IsAccountId(a.Trim()) ? a.Trim() : null;

        Customer? customer = from.CustomerId is { } knownId ? await db.Customers.FirstOrDefaultAsync(c => c.Id == knownId, ct) : null;
        if (customer is null && from.ExternalUserId is { } externalId)
        {
            var known = await db.ChannelIdentities.AsNoTracking()
                .FirstOrDefaultAsync(i => i.Channel == m.Channel && i.ExternalUserId == externalId, ct);
            if (known is not null) customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == known.CustomerId, ct);
        }
        customer ??= await directory.FindAsync(phone, email, ct);
        if (customer is null && account is not null) customer = await db.Customers.FirstOrDefaultAsync(c => c.AccountId == account, ct);
        if (customer is null)
        {
            if (phone is null && email is null && from.ExternalUserId is null && account is null)
            {
                context.Quarantine("no_sender");
                return;
            }
            var name = string.IsNullOrWhiteSpace(from.Name) ? DefaultName(phone, email) : from.Name.Trim();
            customer = directory.Add(PayDesk.Infrastructure.Http.ClippedText.Head(name, 100), phone, null, email, CustomerKind.Consumer, account);
        }
        if (from.ExternalUserId is { } newId &&
            !await db.ChannelIdentities.AnyAsync(i => i.Channel == m.Channel && i.ExternalUserId == newId, ct))
        {
            db.ChannelIdentities.Add(new ChannelIdentity { Channel = m.Channel, ExternalUserId = newId, CustomerId = customer.Id, CreatedAt = context.Now });
        }
        context.Customer = customer;
    }

    private static string DefaultName(string? phone, string? email) =>
        email is not null ? email[..email.IndexOf('@')] : phone is not null ? PersonalData.Mask(PersonalDataKind.Phone, phone) : "访客";
}

/// <summary>
/// Finds the complaint a message continues: the complaint number in the subject or text, the
/// e-mail thread (our own Message-IDs and the customer's earlier ones), or — on messaging channels —
/// the customer's recent open complaint there. Only the sender's own complaints are candidates.
/// </summary>
internal sealed partial class ThreadMatchFilter(AppDbContext db) : IInboundFilter
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(7);

    public int Order => 40;

    [GeneratedRegex(@"PD-\d{4}-\d{6}", RegexOptions.CultureInvariant)]
    public static partial Regex TicketNumber();

    [GeneratedRegex(@"^([0-9a-f]{32})@paydesk$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnMessageId();

    public async Task ApplyAsync(InboundContext context, CancellationToken ct)
    {
        if (context.Customer is not { } customer) return;
        var m = context.Message;
        Ticket? ticket = m.KnownTicketId is { } knownId
            ? await db.Tickets.FirstOrDefaultAsync(t => t.Id == knownId && t.CustomerId == customer.Id, ct)
            : null;
        foreach (Match match in TicketNumber().Matches($"{m.Subject}\n{m.Body}"))
        {
            if (ticket is not null) break;
            ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Number == match.Value && t.CustomerId == customer.Id, ct);
            if (ticket is not null) break;
        }
        if (ticket is null && m.References.Count > 0)
        {
            var ownIds = m.References.Select(r => OwnMessageId().Match(r)).Where(x => x.Success)
                .Select(x => Guid.ParseExact(x.Groups[1].Value, "N")).ToList();
            var ticketIds = await db.InboundReceipts.AsNoTracking()
                .Where(r => r.Channel == m.Channel && m.References.Contains(r.ExternalId) && r.TicketId != null)
                .Select(r => r.TicketId!.Value).ToListAsync(ct);
            if (ownIds.Count > 0)
            {
                ticketIds.AddRange(await db.Notifications.AsNoTracking().Where(n => ownIds.Contains(n.Id) && n.TicketId != null)
                    .Select(n => n.TicketId!.Value).ToListAsync(ct));
            }
            if (ticketIds.Count > 0)
            {
                ticket = await db.Tickets.Where(t => ticketIds.Contains(t.Id) && t.CustomerId == customer.Id)
                    .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(ct);
            }
        }
        if (ticket is null && m.ContinuesRecentComplaint)
        {
            var since = context.Now - RecentWindow;
            ticket = await db.Tickets
                .Where(t => t.CustomerId == customer.Id && t.Channel == m.Channel && t.Status != TicketStatus.Closed && t.UpdatedAt >= since)
                .OrderByDescending(t => t.UpdatedAt).FirstOrDefaultAsync(ct);
        }
        // A closed complaint stays closed; what the customer writes now starts a new one.
        context.Ticket = ticket is { Status: TicketStatus.Closed } ? null : ticket;
    }
}
