using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>Two complaints that belong together (one incident, one transaction) without being the same.</summary>
internal sealed class TicketLink
{
    public long Id { get; init; }
    public Guid TicketId { get; init; }
    public Guid OtherTicketId { get; init; }
    public required string Reason { get; init; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class TicketLinkConfiguration : IEntityTypeConfiguration<TicketLink>
{
    public void Configure(EntityTypeBuilder<TicketLink> b)
    {
        b.ToTable("ticket_links");
        b.Property(l => l.Reason).HasMaxLength(1000);
        b.HasIndex(l => new { l.TicketId, l.OtherTicketId }).IsUnique();
        b.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Ticket>().WithMany().HasForeignKey(l => l.OtherTicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Duplicate complaints about one transaction (same customer, same serial) are found and merged
/// into one: the duplicate is closed as merged, its messages stay readable; related complaints are linked.
/// </summary>
internal static class MergeAndLink
{
    public sealed record MergeRequest(string? Into, string? Reason);

    public sealed record LinkRequest(string? Other, string? Reason);

    public sealed record Related(Guid Id, string Number, string Subject, TicketStatus Status, string Relation);

    public static Task<List<Related>> DuplicatesAsync(AppDbContext db, Ticket ticket, CancellationToken ct) =>
        ticket.TransactionId is null
            ? Task.FromResult(new List<Related>())
            : db.Tickets.AsNoTracking()
                .Where(t => t.Id != ticket.Id && t.CustomerId == ticket.CustomerId && t.TransactionId == ticket.TransactionId && t.Status != TicketStatus.Closed)
                .OrderBy(t => t.CreatedAt).Take(20)
                .Select(t => new Related(t.Id, t.Number, t.Subject, t.Status, "duplicate")).ToListAsync(ct);

    internal static async Task<Results<Ok<List<Related>>, NotFound>> RelatedAsync(string id, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var related = await DuplicatesAsync(db, ticket, ct);
        var linked = await db.TicketLinks.AsNoTracking().Where(l => l.TicketId == ticket.Id)
            .Join(db.Tickets, l => l.OtherTicketId, t => t.Id, (l, t) => new Related(t.Id, t.Number, t.Subject, t.Status, "linked"))
            .ToListAsync(ct);
        return TypedResults.Ok(related.Concat(linked).ToList());
    }

    /// <summary>Checks the reason and finds the other complaint (visible, not the same one).</summary>
    private static async Task<(ValidationErrors Errors, Ticket? Other)> OtherAsync(
        AppDbContext db, Ticket ticket, Actor actor, string field, string? reference, string? reason, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.RequiredText("reason", reason, 1000);
        if (!errors.Required(field, reference)) return (errors, null);
        var other = await db.FindVisibleAsync(reference!, actor, track: true, ct);
        if (other is null || other.Id == ticket.Id)
        {
            errors.AddKey(field, "Ticket.MergeTarget");
            return (errors, null);
        }
        return (errors, other);
    }

    internal static async Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> MergeAsync(
        string id, MergeRequest request, AppDbContext db, ComplaintObservers observers, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var (errors, target) = await OtherAsync(db, ticket, actor, "into", request.Into, request.Reason, l, ct);
        if (target is not null)
        {
            if (target.CustomerId != ticket.CustomerId) errors.AddKey("into", "Ticket.MergeOtherCustomer");
            else if (target.Status == TicketStatus.Closed) errors.AddKey("into", "Ticket.MergeClosed");
        }
        if (errors.Any) return errors.ToProblem();
        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleProblems.NotAllowedForStaff(l, ticket.Status);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var from = ticket.Status;
        ticket.Status = TicketStatus.Closed;
        ticket.ClosedAt = now;
        ticket.MergedIntoId = target!.Id;
        ticket.RootCause = RootCause.Other;
        ticket.ResolutionCode = ResolutionCode.Merged;
        // The reason as the timeline keeps it: card, ID and phone numbers masked (the summary is the customer's to read too).
        ticket.Summary = $"合并到 {target.Number}：{Infrastructure.Security.PersonalNumbers.MaskText(request.Reason!.Trim())}";
        ticket.UpdatedAt = now;
        target.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Merge, actor, now, request.Reason.Trim(), customerVisible: true,
            data: new JsonObject { ["into"] = target.Number }, from: from, to: TicketStatus.Closed);
        Timeline.Record(db, target, TicketEventKind.Merge, actor, now, request.Reason.Trim(), customerVisible: true,
            data: new JsonObject { ["from"] = ticket.Number });
        // What the merged complaint said goes with it (a walk found the target without a word of it): an internal note on the
        // target, in the words as kept (personal numbers already masked at intake).
        db.TicketMessages.Add(new TicketMessage
        {
            TicketId = target.Id, Visibility = MessageVisibility.Internal, AuthorId = actor.UserId, AuthorName = actor.Name,
            Body = ClippedText.Clip(l["Merge.CarriedOver", ticket.Number, ticket.Subject, ticket.Description].Value, 20_000), CreatedAt = now,
        });
        // Closed as any complaint is: its service-level clocks stop (they ran on, "计时中", on a complaint nobody would answer).
        await observers.TransitionedAsync(ticket, TicketTrigger.Close, from, now, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TicketResponse.For(ticket, actor));
    }

    internal static async Task<Results<Ok<List<Related>>, NotFound, ValidationProblem>> LinkAsync(
        string id, LinkRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var (errors, other) = await OtherAsync(db, ticket, actor, "other", request.Other, request.Reason, l, ct);
        if (other is not null && await db.TicketLinks.AnyAsync(x => x.TicketId == ticket.Id && x.OtherTicketId == other.Id, ct))
        {
            errors.AddKey("other", "Ticket.AlreadyLinked");
        }
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        var reason = Infrastructure.Security.PersonalNumbers.Mask(request.Reason!.Trim()).Text;
        db.TicketLinks.Add(new TicketLink { TicketId = ticket.Id, OtherTicketId = other!.Id, Reason = reason, CreatedAt = now });
        db.TicketLinks.Add(new TicketLink { TicketId = other.Id, OtherTicketId = ticket.Id, Reason = reason, CreatedAt = now });
        Timeline.Record(db, ticket, TicketEventKind.Link, actor, now, request.Reason.Trim(), data: new JsonObject { ["other"] = other.Number });
        Timeline.Record(db, other, TicketEventKind.Link, actor, now, request.Reason.Trim(), data: new JsonObject { ["other"] = ticket.Number });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new List<Related> { new(other.Id, other.Number, other.Subject, other.Status, "linked") });
    }
}
