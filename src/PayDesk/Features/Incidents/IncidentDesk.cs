using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Incidents;

public sealed class IncidentOptions
{
    /// <summary>A complaint filed this many days after an incident was resolved, in its scope, gets the incident's public summary.</summary>
    public int LateReplyDays { get; set; } = 3;

    /// <summary>The most complaints one bulk link (or confirming a suggestion) links at once.</summary>
    public int BulkLinkMax { get; set; } = 1000;
}

public sealed record IncidentView(
    Guid Id, string Number, string Title, TicketCategory? Category, string? Bank, TicketChannel? Channel, string? Product, string? Region,
    IncidentStatus Status, IncidentClockPolicy ClockPolicy, DateTime StartedAt, DateTime? ExpectedFixAt, DateTime? DetectedAt,
    DateTime? FirstAnnouncedAt, DateTime? ResolvedAt, bool IsPublic, string? PublicSummary, Guid? SuggestionId, int Complaints, DateTime CreatedAt);

public sealed record IncidentUpdateView(
    Guid Id, string Text, IncidentStatus? FromStatus, IncidentStatus? ToStatus, bool SentToCustomers, int CustomersNotified, int ComplaintsAnswered,
    string AuthorName, DateTime CreatedAt);

public sealed record LinkedComplaintView(
    Guid TicketId, string Number, string Subject, TicketStatus Status, TicketChannel Channel, string? Bank, TicketCategory Category,
    string CustomerName, string LinkedBy, DateTime LinkedAt);

public sealed record SuggestionView(
    Guid Id, DateTime DetectedAt, DateTime WindowStart, DateTime WindowEnd, TicketCategory? Category, string? Bank, TicketChannel? Channel,
    int Observed, double Expected, double PValue, string Title, string? SampleText, IncidentSuggestionStatus Status, Guid? IncidentId);

public sealed record BulkLinkResult(int Matching, int Linked, int Limit);

public sealed record UpdateResult(IncidentView Incident, IncidentUpdateView Update, int SolutionsProposed);

/// <summary>The incidents' use cases (故障事件处理), for the API and the pages alike; each saves its own unit of work.</summary>
internal sealed class IncidentDesk(
    AppDbContext db, IncidentNumberAllocator numbers, LifecycleServices lifecycle, SlaClocks clocks,
    IOptions<IncidentOptions> options, IStringLocalizer<SharedResource> l)
{
    public const int TitleMax = 200, TextMax = 2000, SummaryMax = 2000;
    private static readonly TicketStatus[] Finished = [TicketStatus.Resolved, TicketStatus.Closed];

    public IncidentOptions Options => options.Value;

    private DateTime Now => lifecycle.Clock.GetUtcNow().UtcDateTime;

    public sealed record OpenRequest(
        string? Title, TicketCategory? Category, string? Bank, TicketChannel? Channel, string? Product, string? Region,
        DateTimeOffset? StartedAt, DateTimeOffset? ExpectedFixAt, IncidentClockPolicy? ClockPolicy, bool? IsPublic, string? PublicSummary);

    public async Task<Outcome<IncidentView>> OpenAsync(OpenRequest r, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var now = Now;
        errors.Required("title", r.Title);
        errors.MaxLength("title", r.Title, TitleMax);
        errors.MaxLength("product", r.Product, 64);
        errors.MaxLength("region", r.Region, 64);
        errors.MaxLength("publicSummary", r.PublicSummary, SummaryMax);
        if (!string.IsNullOrWhiteSpace(r.Bank) && !Banks.IsKnown(r.Bank.Trim())) errors.AddKey("bank", "Incident.UnknownBank");
        var incident = new Incident
        {
            Number = "",
            // Customers read the title in every notice: no card, ID or phone number leaves in it.
            Title = PersonalNumbers.MaskText(r.Title?.Trim()) ?? "",
            Category = r.Category,
            Bank = string.IsNullOrWhiteSpace(r.Bank) ? null : r.Bank.Trim().ToUpperInvariant(),
            Channel = r.Channel,
            Product = string.IsNullOrWhiteSpace(r.Product) ? null : r.Product.Trim(),
            Region = string.IsNullOrWhiteSpace(r.Region) ? null : r.Region.Trim(),
        };
        if (IncidentScope.IsEmpty(incident)) errors.AddKey("scope", "Incident.ScopeRequired");
        var started = r.StartedAt?.UtcDateTime ?? now;
        if (started > now.AddMinutes(5)) errors.AddKey("startedAt", "Incident.StartInFuture");
        if (r.ExpectedFixAt is { } fix && fix.UtcDateTime < started) errors.AddKey("expectedFixAt", "Incident.FixBeforeStart");
        if (r.IsPublic == true && string.IsNullOrWhiteSpace(r.PublicSummary)) errors.AddKey("publicSummary", "Incident.PublicNeedsSummary");
        if (errors.Any) return errors;

        var opened = await CreateAsync(incident, started, r.ExpectedFixAt?.UtcDateTime, r.ClockPolicy ?? IncidentClockPolicy.Keep,
            r.IsPublic ?? false, r.PublicSummary, detectedAt: null, suggestionId: null, actor, now, ct);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(opened.Id, ct) ?? throw new InvalidOperationException();
    }

    private async Task<Incident> CreateAsync(
        Incident scope, DateTime started, DateTime? expectedFix, IncidentClockPolicy policy, bool isPublic, string? summary,
        DateTime? detectedAt, Guid? suggestionId, Actor actor, DateTime now, CancellationToken ct)
    {
        var incident = new Incident
        {
            Number = await numbers.NextAsync(now, ct),
            Title = scope.Title,
            Category = scope.Category, Bank = scope.Bank, Channel = scope.Channel, Product = scope.Product, Region = scope.Region,
            Status = IncidentStatus.Investigating,
            ClockPolicy = policy,
            StartedAt = started,
            ExpectedFixAt = expectedFix,
            DetectedAt = detectedAt,
            IsPublic = isPublic,
            PublicSummary = string.IsNullOrWhiteSpace(summary) ? null : PersonalNumbers.MaskText(summary.Trim()),
            // Public from the start: the help centre's notice is the first announcement.
            FirstAnnouncedAt = isPublic ? now : null,
            SuggestionId = suggestionId,
            OpenedById = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(incident);
        db.Add(new IncidentUpdate
        {
            IncidentId = incident.Id, Text = l["Incident.OpenedText"], ToStatus = IncidentStatus.Investigating,
            AuthorId = actor.UserId, AuthorName = actor.Name, CreatedAt = now,
        });
        return incident;
    }

    public async Task<IncidentView?> ViewAsync(Guid id, CancellationToken ct) =>
        await db.Set<Incident>().AsNoTracking().Where(i => i.Id == id).Select(Project()).FirstOrDefaultAsync(ct);

    private System.Linq.Expressions.Expression<Func<Incident, IncidentView>> Project() => i => new IncidentView(
        i.Id, i.Number, i.Title, i.Category, i.Bank, i.Channel, i.Product, i.Region, i.Status, i.ClockPolicy, i.StartedAt, i.ExpectedFixAt,
        i.DetectedAt, i.FirstAnnouncedAt, i.ResolvedAt, i.IsPublic, i.PublicSummary, i.SuggestionId,
        db.Set<IncidentComplaint>().Count(c => c.IncidentId == i.Id), i.CreatedAt);

    /// <summary>Incidents, open ones first then newest; <paramref name="status"/> "open", "resolved" or null for all.</summary>
    public async Task<Outcome<Paged<IncidentView>>> ListAsync(string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (status is not (null or "" or "open" or "resolved" or "all")) errors.AddKey("status", "Incident.BadStatusFilter");
        if (errors.Any) return errors;
        var query = db.Set<Incident>().AsNoTracking();
        if (status == "open") query = query.Where(i => i.Status != IncidentStatus.Resolved);
        if (status == "resolved") query = query.Where(i => i.Status == IncidentStatus.Resolved);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(i => i.Status == IncidentStatus.Resolved).ThenByDescending(i => i.StartedAt)
            .Skip(paging.Skip).Take(paging.PageSize).Select(Project()).ToListAsync(ct);
        return new Paged<IncidentView>(items, paging.Page, paging.PageSize, total);
    }

    public async Task<IReadOnlyList<IncidentUpdateView>> UpdatesAsync(Guid id, int take, CancellationToken ct) =>
        await db.Set<IncidentUpdate>().AsNoTracking().Where(u => u.IncidentId == id).OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id).Take(take)
            .Select(u => new IncidentUpdateView(u.Id, u.Text, u.FromStatus, u.ToStatus, u.SentToCustomers, u.CustomersNotified, u.ComplaintsAnswered, u.AuthorName, u.CreatedAt))
            .ToListAsync(ct);

    public async Task<Outcome<Paged<LinkedComplaintView>>> LinkedAsync(Guid id, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors;
        var query = from link in db.Set<IncidentComplaint>().AsNoTracking()
                    join t in db.Tickets.AsNoTracking() on link.TicketId equals t.Id
                    where link.IncidentId == id
                    select new { link, t };
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(x => x.link.LinkedAt).ThenBy(x => x.t.Number).Skip(paging.Skip).Take(paging.PageSize)
            .Select(x => new LinkedComplaintView(x.t.Id, x.t.Number, x.t.Subject, x.t.Status, x.t.Channel, x.t.Bank, x.t.Category,
                x.t.Customer!.Name, x.link.LinkedBy, x.link.LinkedAt))
            .ToListAsync(ct);
        return new Paged<LinkedComplaintView>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>The incidents a complaint belongs to, for its page.</summary>
    public async Task<IReadOnlyList<IncidentView>> ForTicketAsync(Guid ticketId, CancellationToken ct) =>
        await db.Set<Incident>().AsNoTracking()
            .Where(i => db.Set<IncidentComplaint>().Any(c => c.IncidentId == i.Id && c.TicketId == ticketId))
            .OrderByDescending(i => i.StartedAt).Select(Project()).ToListAsync(ct);

    public async Task<IReadOnlyList<IncidentView>> OpenIncidentsAsync(CancellationToken ct) =>
        await db.Set<Incident>().AsNoTracking().Where(i => i.Status != IncidentStatus.Resolved)
            .OrderByDescending(i => i.StartedAt).Take(50).Select(Project()).ToListAsync(ct);

    // ---- Linking ----

    /// <summary>Links one complaint (by number or id) by hand.</summary>
    public async Task<Outcome<IncidentView>> LinkAsync(Guid id, string? ticket, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (!errors.Required("ticket", ticket)) return errors;
        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return NotFound(errors);
        // Linking to an incident that holds the resolution clock stops a complaint's clock: an agent could hold their own
        // late complaint's clock that way, so it is a supervisor's decision (linking to other incidents is not).
        if (incident.IsOpen && incident.ClockPolicy == IncidentClockPolicy.PauseResolution
            && !actor.IsSupervisor)
        {
            errors.AddKey("ticket", "Incident.PauseLinkNeedsSupervisor");
            return errors;
        }
        var found = await db.FindVisibleAsync(ticket!.Trim(), actor, track: false, ct);
        if (found is null)
        {
            errors.AddKey("ticket", "Incident.UnknownComplaint");
            return errors;
        }
        if (await db.Set<IncidentComplaint>().AnyAsync(c => c.IncidentId == id && c.TicketId == found.Id, ct))
        {
            errors.AddKey("ticket", "Incident.AlreadyLinked");
            return errors;
        }
        await LinkTicketsAsync(incident, [found], "manual", actor, Now, ct);
        await db.SaveChangesAsync(ct);
        return (await ViewAsync(id, ct))!;
    }

    public async Task<Outcome<IncidentView>> UnlinkAsync(Guid id, Guid ticketId, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return NotFound(errors);
        var link = await db.Set<IncidentComplaint>().FirstOrDefaultAsync(c => c.IncidentId == id && c.TicketId == ticketId, ct);
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (link is null || ticket is null)
        {
            errors.AddKey("ticket", "Incident.NotLinked");
            return errors;
        }
        var now = Now;
        db.Remove(link);
        Timeline.Record(db, ticket, TicketEventKind.Link, actor, now, reason: l["Incident.UnlinkedReason", incident.Number, incident.Title],
            data: new JsonObject { ["incident"] = incident.Number, ["unlinked"] = true });
        // The clock held for this incident runs again, unless another open incident still holds it or the customer is awaited.
        if (incident.IsOpen && incident.ClockPolicy == IncidentClockPolicy.PauseResolution && !Finished.Contains(ticket.Status)
            && !SlaClocks.WaitsForCustomer(ticket.Status)
            && !await HeldByOtherAsync(ticket.Id, incident.Id, ct))
        {
            await clocks.HoldResolutionAsync([ticket.Id], hold: false, now, ct);
        }
        await db.SaveChangesAsync(ct);
        return (await ViewAsync(id, ct))!;
    }

    private Task<bool> HeldByOtherAsync(Guid ticketId, Guid incidentId, CancellationToken ct) =>
        db.Set<IncidentComplaint>().AnyAsync(c => c.TicketId == ticketId && c.IncidentId != incidentId
            && db.Set<Incident>().Any(i => i.Id == c.IncidentId && i.Status != IncidentStatus.Resolved && i.ClockPolicy == IncidentClockPolicy.PauseResolution), ct);

    /// <summary>A complaint search for bulk linking: bank, category, channel, a time window (filed), words in the subject.</summary>
    public sealed record BulkFilter(
        string? Bank, TicketCategory? Category, TicketChannel? Channel, DateTimeOffset? From, DateTimeOffset? To, string? Text,
        bool? IncludeFinished, int? Max);

    private IQueryable<Ticket> Search(Guid incidentId, BulkFilter f)
    {
        var query = IncidentScope.Within(db.Tickets.AsNoTracking(), f.Category, f.Bank?.Trim().ToUpperInvariant(), f.Channel, product: null, region: null)
            .Where(t => t.MergedIntoId == null && !db.Set<IncidentComplaint>().Any(c => c.IncidentId == incidentId && c.TicketId == t.Id));
        if (f.From is { } from) query = query.Where(t => t.CreatedAt >= from.UtcDateTime);
        if (f.To is { } to) query = query.Where(t => t.CreatedAt < to.UtcDateTime);
        if (!string.IsNullOrWhiteSpace(f.Text)) query = query.Where(t => t.Subject.Contains(f.Text.Trim()) || t.Description.Contains(f.Text.Trim()));
        if (f.IncludeFinished != true) query = query.Where(t => !Finished.Contains(t.Status));
        return query;
    }

    private ValidationErrors CheckFilter(BulkFilter f)
    {
        var errors = new ValidationErrors(l);
        if (string.IsNullOrWhiteSpace(f.Bank) && f.Category is null && f.Channel is null && string.IsNullOrWhiteSpace(f.Text) && f.From is null)
        {
            errors.AddKey("filter", "Incident.FilterRequired");
        }
        if (!string.IsNullOrWhiteSpace(f.Bank) && !Banks.IsKnown(f.Bank.Trim())) errors.AddKey("bank", "Incident.UnknownBank");
        if (f.From is { } from && f.To is { } to && to < from) errors.AddKey("to", "Incident.WindowBackwards");
        errors.MaxLength("text", f.Text, 100);
        if (f.Max is { } max && (max < 1 || max > options.Value.BulkLinkMax)) errors.AddKey("max", "Incident.BulkMax", options.Value.BulkLinkMax);
        return errors;
    }

    /// <summary>How many not-yet-linked complaints the search finds (the preview before linking).</summary>
    public async Task<Outcome<BulkLinkResult>> PreviewBulkAsync(Guid id, BulkFilter f, CancellationToken ct)
    {
        var errors = CheckFilter(f);
        if (errors.Any) return errors;
        if (!await db.Set<Incident>().AnyAsync(i => i.Id == id, ct)) return NotFound(errors);
        var limit = f.Max ?? options.Value.BulkLinkMax;
        return new BulkLinkResult(await Search(id, f).CountAsync(ct), 0, limit);
    }

    /// <summary>Links every complaint of the search, oldest first, up to the limit.</summary>
    public async Task<Outcome<BulkLinkResult>> BulkLinkAsync(Guid id, BulkFilter f, Actor actor, CancellationToken ct)
    {
        var errors = CheckFilter(f);
        if (errors.Any) return errors;
        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return NotFound(errors);
        var limit = f.Max ?? options.Value.BulkLinkMax;
        var matching = await Search(id, f).CountAsync(ct);
        var tickets = await Search(id, f).OrderBy(t => t.CreatedAt).Take(limit).ToListAsync(ct);
        await LinkTicketsAsync(incident, tickets, "bulk", actor, Now, ct);
        await db.SaveChangesAsync(ct);
        return new BulkLinkResult(matching, tickets.Count, limit);
    }

    /// <summary>Adds the links (the caller saves), each with a timeline entry; holds the resolution clocks when the policy says.</summary>
    private async Task LinkTicketsAsync(Incident incident, IReadOnlyList<Ticket> tickets, string by, Actor actor, DateTime now, CancellationToken ct)
    {
        foreach (var t in tickets)
        {
            db.Add(new IncidentComplaint { IncidentId = incident.Id, TicketId = t.Id, LinkedBy = by, LinkedById = actor.UserId, LinkedAt = now });
            Timeline.Record(db, t, TicketEventKind.Link, actor, now, reason: l["Incident.LinkedReason", incident.Number, incident.Title],
                data: new JsonObject { ["incident"] = incident.Number });
        }
        if (incident.IsOpen && incident.ClockPolicy == IncidentClockPolicy.PauseResolution)
        {
            await clocks.HoldResolutionAsync(tickets.Where(t => !Finished.Contains(t.Status)).Select(t => t.Id).ToList(), hold: true, now, ct);
        }
    }

    // ---- Updates, bulk answer, resolution ----

    public sealed record UpdateRequest(
        string? Text, IncidentStatus? Status, bool? ToCustomers, DateTimeOffset? ExpectedFixAt, bool? IsPublic, string? PublicSummary);

    public async Task<Outcome<UpdateResult>> PostUpdateAsync(Guid id, UpdateRequest r, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.Required("text", r.Text);
        errors.MaxLength("text", r.Text, TextMax);
        errors.MaxLength("publicSummary", r.PublicSummary, SummaryMax);
        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return NotFound(errors);
        if (!incident.IsOpen && (r.Status is not null and not IncidentStatus.Resolved || r.ToCustomers == true))
        {
            errors.AddKey("status", "Incident.AlreadyResolved");
        }
        if (r.ExpectedFixAt is { } fix && fix.UtcDateTime < incident.StartedAt) errors.AddKey("expectedFixAt", "Incident.FixBeforeStart");
        // Told to every linked customer (an update sent to them, or the solution proposed on resolving): a refund or adjustment
        // is each complaint's own, approved one by one, so the incident's words may not say money moved (as no reply may
        // before its refund is approved).
        if ((r.ToCustomers == true || (r.Status == IncidentStatus.Resolved && incident.IsOpen)) && MoneyClaims.ClaimsMoneyMoved(r.Text))
        {
            errors.AddKey("text", "Incident.MoneyClaim");
        }
        var summary = r.PublicSummary is null ? incident.PublicSummary : string.IsNullOrWhiteSpace(r.PublicSummary) ? null : r.PublicSummary.Trim();
        if ((r.IsPublic ?? incident.IsPublic) && summary is null) errors.AddKey("publicSummary", "Incident.PublicNeedsSummary");
        if (errors.Any) return errors;

        var now = Now;
        var text = PersonalNumbers.MaskText(r.Text!.Trim())!;
        var from = incident.Status;
        var resolving = r.Status == IncidentStatus.Resolved && incident.IsOpen;
        var statusChanged = r.Status is { } to && to != from && incident.IsOpen;
        if (r.ExpectedFixAt is { } newFix) incident.ExpectedFixAt = newFix.UtcDateTime;
        if (r.IsPublic is { } isPublic) incident.IsPublic = isPublic;
        incident.PublicSummary = summary is null ? null : PersonalNumbers.MaskText(summary);
        if (statusChanged) incident.Status = r.Status!.Value;
        incident.UpdatedAt = now;
        // Made public while open: the help centre, portal, chat and assistant announce it from now on.
        if (incident.IsPublic && incident.IsOpen) incident.FirstAnnouncedAt ??= now;

        var (customers, answered) = (0, 0);
        // Resolving proposes a solution on each open complaint (its own notice); a separate bulk notice would tell them twice.
        if (r.ToCustomers == true && !resolving)
        {
            (customers, answered) = await AnswerAllAsync(incident, text, actor, now, ct);
            incident.FirstAnnouncedAt ??= now;
        }
        var proposed = 0;
        if (resolving)
        {
            incident.ResolvedAt = now;
            // Each proposal is its customer's notice: the update records how many customers that told (it said 0 every time).
            (proposed, customers) = await ResolveLinkedAsync(incident, text, actor, now, ct);
            if (proposed > 0) incident.FirstAnnouncedAt ??= now;
        }
        var update = new IncidentUpdate
        {
            IncidentId = id, Text = text, FromStatus = statusChanged ? from : null, ToStatus = statusChanged ? incident.Status : null,
            SentToCustomers = customers > 0 || proposed > 0, CustomersNotified = customers, ComplaintsAnswered = resolving ? proposed : answered,
            AuthorId = actor.UserId, AuthorName = actor.Name, CreatedAt = now,
        };
        db.Add(update);
        await db.SaveChangesAsync(ct);
        return new UpdateResult((await ViewAsync(id, ct))!,
            new IncidentUpdateView(update.Id, update.Text, update.FromStatus, update.ToStatus, update.SentToCustomers, update.CustomersNotified,
                update.ComplaintsAnswered, update.AuthorName, update.CreatedAt), proposed);
    }

    public sealed record PublishRequest(bool? IsPublic, string? PublicSummary, DateTimeOffset? ExpectedFixAt);

    /// <summary>
    /// 对外公告: shows the incident to customers (help centre, portal, chat widget, assistant) with its public summary and
    /// expected fix time, or takes it down. Going public while the incident is open is its first announcement when nothing was
    /// sent before. A resolved incident is never shown, but its summary still answers late complaints.
    /// </summary>
    public async Task<Outcome<IncidentView>> PublishAsync(Guid id, PublishRequest r, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.MaxLength("publicSummary", r.PublicSummary, SummaryMax);
        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return NotFound(errors);
        var isPublic = r.IsPublic ?? incident.IsPublic;
        var summary = r.PublicSummary is null ? incident.PublicSummary : string.IsNullOrWhiteSpace(r.PublicSummary) ? null : r.PublicSummary.Trim();
        if (isPublic && summary is null) errors.AddKey("publicSummary", "Incident.PublicNeedsSummary");
        if (r.ExpectedFixAt is { } fix && fix.UtcDateTime < incident.StartedAt) errors.AddKey("expectedFixAt", "Incident.FixBeforeStart");
        if (errors.Any) return errors;

        var now = Now;
        incident.IsPublic = isPublic;
        incident.PublicSummary = summary is null ? null : PersonalNumbers.MaskText(summary);
        if (r.ExpectedFixAt is { } newFix) incident.ExpectedFixAt = newFix.UtcDateTime;
        if (incident.IsPublic && incident.IsOpen) incident.FirstAnnouncedAt ??= now;
        incident.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return (await ViewAsync(id, ct))!;
    }

    private IQueryable<Ticket> LinkedOpen(Guid incidentId) =>
        db.Tickets.Include(t => t.Customer)
            .Where(t => t.MergedIntoId == null && t.Status != TicketStatus.Closed
                && db.Set<IncidentComplaint>().Any(c => c.IncidentId == incidentId && c.TicketId == t.Id));

    /// <summary>
    /// 批量答复: a public message on every linked complaint not closed, and ONE notice per customer (a customer with three linked
    /// complaints hears once) on the customer's own channel, through the outbox.
    /// </summary>
    private async Task<(int Customers, int Complaints)> AnswerAllAsync(Incident incident, string text, Actor actor, DateTime now, CancellationToken ct)
    {
        var tickets = await LinkedOpen(incident.Id).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        foreach (var t in tickets)
        {
            var message = AddTicketMessage.Add(db, t, text, MessageVisibility.Public, actor, lifecycle.Clock);
            db.TicketMessages.Add(message);
            Timeline.Record(db, t, TicketEventKind.Message, actor, now, customerVisible: true,
                data: new JsonObject { ["messageId"] = message.Id.ToString(), ["visibility"] = EnumText.Name(MessageVisibility.Public), ["incident"] = incident.Number });
            // A public answer from staff: first response and initial answer are met.
            await lifecycle.Observers.StaffRepliedAsync(t, now, ct);
        }
        var customers = 0;
        foreach (var group in tickets.Where(t => t.Customer is not null).GroupBy(t => t.CustomerId))
        {
            // The customer's latest complaint says which channel is theirs now.
            var latest = group.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number, StringComparer.Ordinal).First();
            var customer = latest.Customer!;
            var numbersText = Infrastructure.Http.ListText.Join(group.Select(t => t.Number).Take(5), Notifier.CultureOf(customer)) + (group.Count() > 5 ? "…" : "");
            var values = Notifier.ValuesFor(latest, customer, text);
            values["ticketNumber"] = numbersText;
            values["subject"] = incident.Title;
            var channel = IncidentScope.NoticeChannel(latest.Channel, customer, lifecycle.Notifier.CanReplyOn(latest.Channel));
            var queued = await lifecycle.Notifier.QueueAsync(customer, latest, DefaultTemplates.IncidentUpdate, values, actor, ct, [channel]);
            // A social reply needs the customer's identity on that channel; without it the app carries the notice.
            if (queued.Count == 0) queued = await lifecycle.Notifier.QueueAsync(customer, latest, DefaultTemplates.IncidentUpdate, values, actor, ct, [NotificationChannel.InApp]);
            if (queued.Count > 0) customers++;
        }
        return (customers, tickets.Count);
    }

    /// <summary>
    /// The incident is over: held clocks run again, and every linked complaint still open gets a proposed solution through the
    /// complaint workflow (the customer accepts or rejects it as usual).
    /// </summary>
    private async Task<(int Proposed, int Customers)> ResolveLinkedAsync(Incident incident, string text, Actor actor, DateTime now, CancellationToken ct)
    {
        var tickets = await LinkedOpen(incident.Id).ToListAsync(ct);
        if (incident.ClockPolicy == IncidentClockPolicy.PauseResolution)
        {
            var stillHeld = await db.Set<IncidentComplaint>().Where(c => c.IncidentId != incident.Id
                    && db.Set<IncidentComplaint>().Any(mine => mine.IncidentId == incident.Id && mine.TicketId == c.TicketId)
                    && db.Set<Incident>().Any(i => i.Id == c.IncidentId && i.Status != IncidentStatus.Resolved && i.ClockPolicy == IncidentClockPolicy.PauseResolution))
                .Select(c => c.TicketId).ToListAsync(ct);
            var release = tickets.Where(t => !Finished.Contains(t.Status) && !SlaClocks.WaitsForCustomer(t.Status) && !stillHeld.Contains(t.Id))
                .Select(t => t.Id).ToList();
            await clocks.HoldResolutionAsync(release, hold: false, now, ct);
        }
        var proposed = 0;
        var told = new HashSet<Guid>();
        foreach (var t in tickets)
        {
            TicketTrigger[] steps = t.Status switch
            {
                TicketStatus.New or TicketStatus.Acknowledged => [TicketTrigger.StartWork, TicketTrigger.ProposeSolution],
                TicketStatus.AwaitingCustomer or TicketStatus.AwaitingThirdParty => [TicketTrigger.Resume, TicketTrigger.ProposeSolution],
                TicketStatus.InProgress => [TicketTrigger.ProposeSolution],
                _ => [],
            };
            var ok = steps.Length > 0;
            foreach (var step in steps)
            {
                var outcome = await TransitionTicket.ApplyUnsavedAsync(db, t,
                    new TransitionInput(step, step == TicketTrigger.ProposeSolution ? text : null), actor, lifecycle, ct);
                if (!outcome.Applied)
                {
                    ok = false;
                    break;
                }
            }
            if (ok)
            {
                proposed++;
                told.Add(t.CustomerId);
            }
        }
        return (proposed, told.Count);
    }

    // ---- Suggestions (疑似故障) ----

    public async Task<Outcome<Paged<SuggestionView>>> SuggestionsAsync(bool openOnly, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors;
        var query = db.Set<IncidentSuggestion>().AsNoTracking();
        if (openOnly) query = query.Where(s => s.Status == IncidentSuggestionStatus.Open);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(s => s.DetectedAt).Skip(paging.Skip).Take(paging.PageSize)
            .Select(s => new SuggestionView(s.Id, s.DetectedAt, s.WindowStart, s.WindowEnd, s.Category, s.Bank, s.Channel, s.Observed, s.Expected,
                s.PValue, s.Title, s.SampleText, s.Status, s.IncidentId))
            .ToListAsync(ct);
        return new Paged<SuggestionView>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>Confirms a suggestion: an incident opens with its scope (detected when the detector saw it) and its complaints are linked.</summary>
    public async Task<Outcome<IncidentView>> ConfirmAsync(Guid suggestionId, IncidentClockPolicy? policy, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var s = await db.Set<IncidentSuggestion>().FirstOrDefaultAsync(x => x.Id == suggestionId, ct);
        if (s is null) return NotFound(errors);
        if (s.Status != IncidentSuggestionStatus.Open)
        {
            errors.AddKey("suggestion", "Incident.SuggestionDecided");
            return errors;
        }
        var now = Now;
        var scope = new Incident { Number = "", Title = PayDesk.Infrastructure.Http.ClippedText.Head(s.Title, TitleMax), Category = s.Category, Bank = s.Bank, Channel = s.Channel };
        var incident = await CreateAsync(scope, s.WindowStart, null, policy ?? IncidentClockPolicy.Keep, isPublic: false, summary: null,
            detectedAt: s.DetectedAt, suggestionId: s.Id, actor, now, ct);
        s.Status = IncidentSuggestionStatus.Confirmed;
        s.IncidentId = incident.Id;
        s.DecidedById = actor.UserId;
        s.DecidedAt = now;
        if (!IncidentScope.IsEmpty(incident))
        {
            var tickets = await IncidentScope.Within(db.Tickets.AsNoTracking(), s.Category, s.Bank, s.Channel, null, null)
                .Where(t => t.CreatedAt >= s.WindowStart && t.MergedIntoId == null && t.Status != TicketStatus.Closed)
                .OrderBy(t => t.CreatedAt).Take(options.Value.BulkLinkMax).ToListAsync(ct);
            await LinkTicketsAsync(incident, tickets, "bulk", actor, now, ct);
        }
        await db.SaveChangesAsync(ct);
        return (await ViewAsync(incident.Id, ct))!;
    }

    public async Task<Outcome<SuggestionView>> DismissAsync(Guid suggestionId, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var s = await db.Set<IncidentSuggestion>().FirstOrDefaultAsync(x => x.Id == suggestionId, ct);
        if (s is null) return NotFound(errors);
        if (s.Status != IncidentSuggestionStatus.Open)
        {
            errors.AddKey("suggestion", "Incident.SuggestionDecided");
            return errors;
        }
        s.Status = IncidentSuggestionStatus.Dismissed;
        s.DecidedById = actor.UserId;
        s.DecidedAt = Now;
        await db.SaveChangesAsync(ct);
        return new SuggestionView(s.Id, s.DetectedAt, s.WindowStart, s.WindowEnd, s.Category, s.Bank, s.Channel, s.Observed, s.Expected, s.PValue,
            s.Title, s.SampleText, s.Status, s.IncidentId);
    }

    /// <summary>Marks "not found" in the errors: endpoints answer 404 for it.</summary>
    private static ValidationErrors NotFound(ValidationErrors errors)
    {
        errors.Add(NotFoundField, "not found");
        return errors;
    }

    public const string NotFoundField = "$notFound";
}
