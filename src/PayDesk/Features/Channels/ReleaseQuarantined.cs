using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>
/// An administrator who has looked at a held message puts it onto a complaint after all, whatever held it: an
/// auto-reply that was a real answer, a bounce or read receipt, spam that was not, an empty mail, an unreadable or
/// sender-less one (for which the administrator names the sender: an e-mail address or a phone number).
/// </summary>
internal static class ReleaseQuarantined
{
    public sealed record Request(string? Sender);

    public static async Task<Results<Ok<QuarantineItem>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, Request? request, AppDbContext db, ChannelIntake intake, PersonalDataProtector protector, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var held = await db.QuarantinedMessages.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (held is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (held.Status != QuarantineStatus.Held)
        {
            errors.AddKey("status", "Quarantine.NotHeld");
            return errors.ToProblem();
        }
        var raw = protector.UnprotectBytes(held.Raw);
        var parsed = held.Channel == TicketChannel.Email ? Email.EmailParser.Parse(raw).Message : null;
        var from = parsed?.From;
        if (request?.Sender is { Length: > 0 } given)
        {
            var email = given.Contains('@') ? CustomerDirectory.NormalizeEmail(given.Trim()) : null;
            var phone = email is null ? PersonalData.NormalizePhone(given) : null;
            if (email is null && phone is null)
            {
                errors.AddKey("sender", "Quarantine.SenderInvalid");
                return errors.ToProblem();
            }
            from = new InboundSender(parsed?.From.Name, Phone: phone, Email: email);
        }
        if (from is null)
        {
            errors.AddKey("sender", "Quarantine.SenderNeeded");
            return errors.ToProblem();
        }

        // It goes in under a receipt of its own, so the original (quarantined) receipt stays as the record; the checks
        // that held it (auto-reply, empty, spam) do not apply to what an administrator let through.
        var result = await intake.AcceptAsync(new InboundMessage
        {
            Channel = held.Channel, ExternalId = "released:" + held.Id.ToString("N"), From = from,
            Subject = parsed?.Subject ?? held.Subject, Body = parsed?.Body ?? ReadableText(raw),
            References = parsed?.References ?? [], Files = parsed?.Files ?? [], Raw = raw, Released = true,
        }, ct);
        if (result.TicketId is null)
        {
            errors.AddKey("id", "Quarantine.CannotRelease", result.Reason ?? "");
            return errors.ToProblem();
        }
        held.Status = QuarantineStatus.Released;
        held.TicketId = result.TicketId;
        held.ResolvedAt = clock.GetUtcNow().UtcDateTime;
        held.ResolvedBy = actors.Current.Name;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ListQuarantined.ToItem(held, held.Raw.Length));
    }

    /// <summary>What can be read of a source no adapter could parse: UTF-8 if it is, else GB18030; control bytes dropped.</summary>
    internal static string ReadableText(byte[] raw)
    {
        var slice = raw.AsSpan(0, Math.Min(raw.Length, 64 * 1024));
        var text = System.Text.Unicode.Utf8.IsValid(slice) ? Encoding.UTF8.GetString(slice) : CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!.GetString(slice);
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' or '\t' || (!char.IsControl(c) && c != '\uFFFD')) kept.Append(c);
        }
        return kept.ToString().Trim();
    }
}
