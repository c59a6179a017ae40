using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>An administrator puts a held e-mail onto a complaint after all (e.g. an auto-reply that was a real answer).</summary>
internal static class ReleaseQuarantined
{
    public static async Task<Results<Ok<QuarantineItem>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, AppDbContext db, ChannelIntake intake, Infrastructure.Security.PersonalDataProtector protector, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var held = await db.QuarantinedMessages.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (held is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (held.Status != QuarantineStatus.Held) errors.AddKey("status", "Quarantine.NotHeld");
        Email.EmailParser.Result? parsed = held.Channel == TicketChannel.Email && errors.Any is false ? Email.EmailParser.Parse(protector.UnprotectBytes(held.Raw)) : null;
        if (!errors.Any && parsed?.Message is null) errors.AddKey("id", "Quarantine.CannotRelease", held.Reason);
        if (errors.Any) return errors.ToProblem();

        // Released on an administrator's word: the automatic-reply guard does not apply this time, and it
        // goes in under its own receipt so the original (quarantined) receipt stays as the record.
        var m = parsed!.Message!;
        var result = await intake.AcceptAsync(new InboundMessage
        {
            Channel = m.Channel, ExternalId = "released:" + held.Id.ToString("N"), From = m.From, Subject = m.Subject, Body = m.Body,
            References = m.References, Files = m.Files, Raw = m.Raw,
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
}
