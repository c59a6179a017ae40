using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Notifications;

public sealed record NotificationResponse(
    Guid Id, Guid? TicketId, NotificationChannel Channel, string TemplateKey, string Destination, string? Subject, string Body,
    DeliveryStatus Status, int Attempts, string? LastError, DateTime CreatedAt, DateTime? SentAt);

/// <summary>Notices sent: every one about a complaint (staff), or a customer's own in-app notices.</summary>
internal static class ListNotifications
{
    public static async Task<Results<Ok<Paged<NotificationResponse>>, NotFound, ValidationProblem>> ForTicketAsync(
        string id, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await PageAsync(db.Notifications.Where(n => n.TicketId == ticket.Id), paging, ct));
    }

    public static async Task<Results<Ok<Paged<NotificationResponse>>, ValidationProblem>> MineAsync(
        AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var customerId = actors.Current.CustomerId;
        return TypedResults.Ok(await PageAsync(db.Notifications.Where(n => n.CustomerId == customerId && n.Channel == NotificationChannel.InApp), paging, ct));
    }

    private static async Task<Paged<NotificationResponse>> PageAsync(IQueryable<Notification> query, PageRequest paging, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(n => new NotificationResponse(n.Id, n.TicketId, n.Channel, n.TemplateKey, n.DestinationMasked, n.Subject, n.Body,
                n.Status, n.Attempts, n.LastError, n.CreatedAt, n.SentAt))
            .ToListAsync(ct);
        return new Paged<NotificationResponse>(items, paging.Page, paging.PageSize, total);
    }
}
