using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

public sealed record QuarantineItem(Guid Id, TicketChannel Channel, string Reason, string? Detail, string? Sender, string? Subject, int Size,
    DateTime ReceivedAt, QuarantineStatus Status, Guid? TicketId, string? ResolvedBy);

/// <summary>The quarantine, for administrators: look at what could not be read, download its source, release it onto a complaint or discard it.</summary>
internal static class QuarantineEndpoints
{
    public static RouteGroupBuilder MapQuarantine(this RouteGroupBuilder api)
    {
        var q = api.MapGroup("/channels/quarantine").WithTags("Channels").RequireAuthorization(Policies.Admin);
        q.MapGet("/", ListAsync).WithName("ListQuarantine").WithSummary("Held (or released/discarded) inbound messages, newest first.");
        q.MapGet("/{id:guid}/raw", RawAsync).WithName("QuarantineRaw").WithSummary("The message exactly as received.");
        q.MapPost("/{id:guid}/release", ReleaseAsync).WithName("ReleaseQuarantined")
            .WithSummary("Put a held e-mail onto a complaint after all (e.g. an auto-reply that was a real answer).");
        q.MapPost("/{id:guid}/discard", DiscardAsync).WithName("DiscardQuarantined").WithSummary("Mark a held message as looked at and not needed; the source stays.");
        return api;
    }

    private static QuarantineItem ToItem(QuarantinedMessage m, int size) =>
        new(m.Id, m.Channel, m.Reason, m.Detail, m.SenderMasked, m.Subject, size, m.ReceivedAt, m.Status, m.TicketId, m.ResolvedBy);

    public static async Task<Results<Ok<Paged<QuarantineItem>>, ValidationProblem>> ListAsync(
        AppDbContext db, string? status, int? page, int? pageSize, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var filter = EnumText.Parse<QuarantineStatus>(status, "status", errors);
        if (errors.Any) return errors.ToProblem();
        var query = db.QuarantinedMessages.AsNoTracking();
        if (filter is { } s) query = query.Where(m => m.Status == s);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(m => m.ReceivedAt).Skip(paging.Skip).Take(paging.PageSize)
            .Select(m => new { m.Id, m.Channel, m.Reason, m.Detail, m.SenderMasked, m.Subject, Size = m.Raw.Length, m.ReceivedAt, m.Status, m.TicketId, m.ResolvedBy })
            .ToListAsync(ct);
        var items = rows.Select(m => new QuarantineItem(m.Id, m.Channel, m.Reason, m.Detail, m.SenderMasked, m.Subject, m.Size, m.ReceivedAt, m.Status, m.TicketId, m.ResolvedBy)).ToList();
        return TypedResults.Ok(new Paged<QuarantineItem>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> RawAsync(Guid id, AppDbContext db,
        Infrastructure.Security.PersonalDataProtector protector, CancellationToken ct)
    {
        var held = await db.QuarantinedMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        return held is null ? TypedResults.NotFound() : TypedResults.File(protector.UnprotectBytes(held.Raw), held.Channel == TicketChannel.Email ? "message/rfc822" : "application/octet-stream",
            $"{held.Id:N}{(held.Channel == TicketChannel.Email ? ".eml" : ".bin")}");
    }

    public static async Task<Results<Ok<QuarantineItem>, NotFound, ValidationProblem>> ReleaseAsync(
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
        return TypedResults.Ok(ToItem(held, held.Raw.Length));
    }

    public static async Task<Results<Ok<QuarantineItem>, NotFound, ValidationProblem>> DiscardAsync(
        Guid id, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var held = await db.QuarantinedMessages.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (held is null) return TypedResults.NotFound();
        if (held.Status != QuarantineStatus.Held)
        {
            var errors = new ValidationErrors(l);
            errors.AddKey("status", "Quarantine.NotHeld");
            return errors.ToProblem();
        }
        held.Status = QuarantineStatus.Discarded;
        held.ResolvedAt = clock.GetUtcNow().UtcDateTime;
        held.ResolvedBy = actors.Current.Name;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToItem(held, held.Raw.Length));
    }
}
