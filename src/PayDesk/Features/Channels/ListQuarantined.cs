using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

public sealed record QuarantineItem(Guid Id, TicketChannel Channel, string Reason, string? Detail, string? Sender, string? Subject, int Size,
    DateTime ReceivedAt, QuarantineStatus Status, Guid? TicketId, string? ResolvedBy);

/// <summary>The quarantine, for administrators: what could not be read, newest first, and each message's source exactly as received.</summary>
internal static class ListQuarantined
{
    public static QuarantineItem ToItem(QuarantinedMessage m, int size) =>
        new(m.Id, m.Channel, m.Reason, m.Detail, m.SenderMasked, m.Subject, size, m.ReceivedAt, m.Status, m.TicketId, m.ResolvedBy);

    public static async Task<Results<Ok<Paged<QuarantineItem>>, ValidationProblem>> HandleAsync(
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

    public static async Task<Results<FileContentHttpResult, NotFound>> RawAsync(Guid id, AppDbContext db,
        Infrastructure.Security.PersonalDataProtector protector, CancellationToken ct)
    {
        var held = await db.QuarantinedMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        return held is null ? TypedResults.NotFound() : TypedResults.File(protector.UnprotectBytes(held.Raw), held.Channel == TicketChannel.Email ? "message/rfc822" : "application/octet-stream",
            $"{held.Id:N}{(held.Channel == TicketChannel.Email ? ".eml" : ".bin")}");
    }
}
