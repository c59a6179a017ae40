using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.FollowUps;

/// <summary>A follow-up visit as the queue, the API and the CSV show it; the due time also in the team's zone.</summary>
public sealed record FollowUpTaskResponse(Guid Id, string TicketNumber, string Subject, string CustomerName, string? CustomerPhoneMasked,
    IReadOnlyList<FollowUpReason> Reasons, DateTime DueAt, string DueLocal, string TimeZone, Guid? AssigneeId, string? AssigneeName,
    string? OwnerName, string? Team, FollowUpStatus Status, int Attempts, int MaxAttempts, DateTime ResolvedAt, DateTime? LastAttemptAt,
    DateTime? ClosedAt, string? FollowOnNumber);

/// <summary>The follow-up queue: filtered, due first, paged (the CSV export carries every row).</summary>
internal static class ListFollowUpTasks
{
    public sealed record Query
    {
        public string? Status { get; init; }
        public string? Assignee { get; init; }
        public string? Team { get; init; }
        public bool? Overdue { get; init; }
        public int? Page { get; init; }
        public int? PageSize { get; init; }
        public string? Format { get; init; }
        public string? Ticket { get; init; }
    }

    public static async Task<Results<Ok<Paged<FollowUpTaskResponse>>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        [AsParameters] Query q, AppDbContext db, ActorAccessor actors, FollowUpRuleStore store, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(q.Page, q.PageSize, errors);
        FollowUpStatus? status = q.Status is null or "" or "all" ? null : EnumText.Parse<FollowUpStatus>(q.Status, "status", errors);
        var open = q.Status is null or "";
        // Agents work their own visits; supervisors see everyone's and pick an assignee, "me" or "unassigned".
        var supervisor = actor.IsSupervisor;
        Guid? assignee = null;
        var unassigned = false;
        switch (q.Assignee)
        {
            case null or "" when !supervisor:
            case "me":
                assignee = actor.UserId ?? Guid.Empty;
                break;
            case null or "" or "all":
                break;
            case "unassigned":
                unassigned = true;
                break;
            default:
                if (Guid.TryParse(q.Assignee, out var id)) assignee = id;
                else errors.AddKey("assignee", "FollowUp.BadAssignee");
                break;
        }
        if (!supervisor && assignee != actor.UserId) errors.AddKey("assignee", "FollowUp.OwnOnly");
        errors.MaxLength("team", q.Team, 64);
        errors.MaxLength("ticket", q.Ticket, 20);
        if (q.Format is not (null or "json" or "csv")) errors.AddKey("format", "Report.Format");
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        var tasks = db.Set<FollowUpTask>().AsNoTracking();
        if (status is { } s) tasks = tasks.Where(t => t.Status == s);
        else if (open) tasks = tasks.Where(t => t.Status == FollowUpStatus.Open);
        if (assignee is { } a) tasks = tasks.Where(t => t.AssigneeId == a);
        if (unassigned) tasks = tasks.Where(t => t.AssigneeId == null);
        if (!string.IsNullOrWhiteSpace(q.Team)) tasks = tasks.Where(t => t.Team == q.Team.Trim());
        if (!string.IsNullOrWhiteSpace(q.Ticket)) tasks = tasks.Where(t => t.TicketNumber == q.Ticket.Trim().ToUpperInvariant());
        if (q.Overdue == true) tasks = tasks.Where(t => t.Status == FollowUpStatus.Open && t.DueAt < now);

        var total = await tasks.CountAsync(ct);
        var ordered = tasks.OrderBy(t => t.DueAt).ThenBy(t => t.Id);
        var page = q.Format == "csv" ? await ordered.Take(100_000).ToListAsync(ct) : await ordered.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var rules = await store.CurrentAsync(ct);
        var items = await DescribeAsync(db, page, rules.MaxAttempts, ct);
        if (q.Format == "csv") return Csv.Records("followups", items.Select(CsvRow.From));
        return TypedResults.Ok(new Paged<FollowUpTaskResponse>(items, paging.Page, paging.PageSize, total));
    }

    /// <summary>Adds the complaint's subject, the customer (phone masked) and people's names to a page of tasks.</summary>
    public static async Task<List<FollowUpTaskResponse>> DescribeAsync(AppDbContext db, IReadOnlyList<FollowUpTask> tasks, int maxAttempts, CancellationToken ct)
    {
        var ticketIds = tasks.Select(t => t.TicketId).Distinct().ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Subject, Name = t.Customer!.Name, Phone = t.Customer.PhoneMasked }).ToDictionaryAsync(t => t.Id, ct);
        var userIds = tasks.SelectMany(t => new[] { t.AssigneeId, t.OwnerId }).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return tasks.Select(t =>
        {
            var ticket = tickets[t.TicketId];
            var zone = PayDesk.Features.Complaints.ServiceTime.Zone(t.TimeZone);
            var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t.DueAt, DateTimeKind.Utc), zone);
            return new FollowUpTaskResponse(t.Id, t.TicketNumber, ticket.Subject, ticket.Name, ticket.Phone,
                Enum.GetValues<FollowUpReason>().Where(r => r != FollowUpReason.None && t.Reasons.HasFlag(r)).ToList(),
                t.DueAt, local.ToString("yyyy-MM-dd HH:mm"), t.TimeZone, t.AssigneeId, Name(t.AssigneeId), Name(t.OwnerId), t.Team, t.Status,
                t.Attempts, maxAttempts, t.ResolvedAt, t.LastAttemptAt, t.ClosedAt, t.FollowOnNumber);
        }).ToList();

        string? Name(Guid? id) => id is { } g && names.TryGetValue(g, out var n) ? n : null;
    }

    /// <summary>One CSV line: the due time in UTC and in the team's zone, reasons joined.</summary>
    private sealed record CsvRow(string Ticket, string Customer, string? Phone, string Reasons, DateTime DueAtUtc, string DueLocal, string TimeZone,
        string? Assignee, string? Owner, string? Team, FollowUpStatus Status, int Attempts, DateTime? ClosedAt, string? FollowOn)
    {
        public static CsvRow From(FollowUpTaskResponse r) => new(r.TicketNumber, r.CustomerName, r.CustomerPhoneMasked,
            string.Join(" ", r.Reasons.Select(x => EnumText.Name(x))), DateTime.SpecifyKind(r.DueAt, DateTimeKind.Utc), r.DueLocal, r.TimeZone,
            r.AssigneeName, r.OwnerName, r.Team, r.Status, r.Attempts, r.ClosedAt, r.FollowOnNumber);
    }
}
