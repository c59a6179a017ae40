using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

public enum RevealTextField
{
    Subject,
    Description,
    Message,
}

/// <summary>
/// A complaint's words as the customer or colleague wrote them, before phone and ID numbers were
/// masked: once, with a reason on record, like revealing a customer's number. Card numbers stay
/// masked here too — nobody at PayDesk needs a full card number (decision 0003).
/// </summary>
internal static class RevealOriginalText
{
    public sealed record Request(RevealTextField? Field, Guid? MessageId, string? Reason);

    public sealed record Response(RevealTextField Field, Guid? MessageId, string Text);

    public static async Task<Results<Ok<Response>, NotFound, ValidationProblem>> HandleAsync(
        string id, Request request, AppDbContext db, PersonalDataProtector protector, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        if (request.Field is null) errors.AddKey("field", "Request.InvalidEnum", EnumText.Allowed(typeof(RevealTextField)));
        if (request.Field == RevealTextField.Message && request.MessageId is null) errors.AddKey("messageId", "Validation.Required");
        if (errors.Required("reason", request.Reason) && request.Reason!.Trim().Length < 4) errors.AddKey("reason", "Customer.RevealReason");
        errors.MaxLength("reason", request.Reason, 500);
        if (errors.Any) return errors.ToProblem();

        var text = await RevealAsync(db, protector, ticket, request.Field!.Value, request.MessageId, request.Reason!, actor, clock, ct);
        if (text is null) return TypedResults.NotFound();
        return TypedResults.Ok(new Response(request.Field!.Value, request.Field == RevealTextField.Message ? request.MessageId : null, text));
    }

    /// <summary>
    /// The text as written (cards still masked), after recording who read it and why; null when the
    /// message is not on this complaint. The endpoint and the complaint page both come here.
    /// </summary>
    public static async Task<string?> RevealAsync(
        AppDbContext db, PersonalDataProtector protector, Ticket ticket, RevealTextField field, Guid? messageId, string reason, Actor actor,
        TimeProvider clock, CancellationToken ct)
    {
        var (ownerType, ownerKey, stored) = field switch
        {
            RevealTextField.Subject => (PersonalText.Ticket, ticket.Id.ToString(), ticket.Subject),
            RevealTextField.Description => (PersonalText.Ticket, ticket.Id.ToString(), ticket.Description),
            RevealTextField.Message => (PersonalText.TicketMessage, messageId?.ToString() ?? "", ticket.Messages.FirstOrDefault(m => m.Id == messageId)?.Body),
        };
        if (stored is null) return null;
        var original = await PersonalText.OriginalAsync(db, protector, ownerType, ownerKey, field == RevealTextField.Message ? "body" : EnumText.Name(field), ct);

        var changes = new JsonObject { ["field"] = EnumText.Name(field), ["reason"] = Infrastructure.Security.PersonalNumbers.MaskText(reason.Trim()) };
        if (field == RevealTextField.Message) changes["messageId"] = messageId.ToString();
        db.AuditEntries.Add(AuditEntry.Of(actor, nameof(Ticket), ticket.Id, AuditActions.Revealed, changes, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return original is null ? stored : CardsMasked(original);
    }

    /// <summary>The original with only its card numbers masked again.</summary>
    public static string CardsMasked(string text)
    {
        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (var m in PersonalNumbers.Find(text).Where(m => m.Kind == PersonalDataKind.CardNumber))
        {
            sb.Append(text, at, m.Start - at).Append(m.Masked);
            at = m.Start + m.Length;
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }
}
