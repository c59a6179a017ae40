using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;
using PayDesk.Features.Complaints;
using PayDesk.Features.Knowledge;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>
/// A supervisor turns a resolved or closed complaint into a case draft: the complaint's words become the
/// problem, the customer's quotes and what staff did, all passed through <see cref="CaseScrubber"/> before
/// they are saved — the draft never holds a name or a number, not even for the supervisor who reviews it.
/// </summary>
internal sealed class CreateCaseFromComplaint(AppDbContext db, CaseScrubContext scrubContext, SearchArticles articles, ActorAccessor actors,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The complaint, by id or number (PD-2026-000123).</summary>
    public sealed record CreateRequest(string? Complaint);

    public static async Task<Results<Created<CaseResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CreateRequest request, CreateCaseFromComplaint create, CancellationToken ct) => await create.CreateAsync(request.Complaint, ct);

    public async Task<Results<Created<CaseResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CreateAsync(string? complaint, CancellationToken ct)
    {
        var actor = actors.Current;
        if (!CaseViews.IsEditor(actor)) return TypedResults.Problem(l["Cases.SupervisorsOnly"], statusCode: StatusCodes.Status403Forbidden);
        var errors = new ValidationErrors(l);
        errors.Required("complaint", complaint);
        errors.MaxLength("complaint", complaint, 64);
        if (errors.Any) return errors.ToProblem();
        var key = complaint!.Trim();
        var ticket = Guid.TryParse(key, out var id)
            ? await db.Tickets.AsNoTracking().Include(t => t.Messages).FirstOrDefaultAsync(t => t.Id == id, ct)
            : await db.Tickets.AsNoTracking().Include(t => t.Messages).FirstOrDefaultAsync(t => t.Number == key.ToUpperInvariant(), ct);
        if (ticket is null) return TypedResults.NotFound();
        if (ticket.Status is not (TicketStatus.Resolved or TicketStatus.Closed) || ticket.MergedIntoId is not null)
        {
            return TypedResults.Problem(l["Cases.NotResolved", ticket.Number], statusCode: StatusCodes.Status409Conflict);
        }
        if (await db.Set<ServiceCase>().AnyAsync(c => c.TicketId == ticket.Id, ct))
        {
            return TypedResults.Problem(l["Cases.AlreadyMade", ticket.Number], statusCode: StatusCodes.Status409Conflict);
        }

        var known = await scrubContext.ForAsync(ticket.Id, ct);
        string Scrub(string? text) => CaseScrubber.Scrub(text, known);
        var remedies = await db.ResolutionActions.AsNoTracking().Where(a => a.TicketId == ticket.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        var suggested = await articles.ArticlesAsync(ticket.Subject + " " + ticket.Description, includeInternal: true, locale: null, category: null, limit: 3, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        var problem = new StringBuilder(Scrub(ticket.Description));
        if (ticket.Amount is { } amount) problem.Append('\n').Append(l["Cases.Draft.Amount", Money.Show(amount, ticket.Currency ?? "CNY")]);

        var cause = new StringBuilder();
        if (ticket.RootCause is { } rc) cause.Append(l[$"RootCause.{rc}"]);
        foreach (var note in ticket.Messages.Where(m => m.Visibility == MessageVisibility.Internal).OrderBy(m => m.CreatedAt))
        {
            cause.Append(cause.Length > 0 ? "\n" : "").Append(Scrub(note.Body));
        }

        var actions = new StringBuilder();
        foreach (var reply in ticket.Messages.Where(m => !m.FromCustomer && m.Visibility == MessageVisibility.Public).OrderBy(m => m.CreatedAt))
        {
            actions.Append("- ").Append(Scrub(reply.Body)).Append('\n');
        }
        foreach (var r in remedies)
        {
            var money = r.Amount is { } a ? " " + Money.Show(a, r.Currency ?? "CNY") : "";
            actions.Append("- ").Append(l[$"ResolutionKind.{r.Kind}"]).Append(money).Append(r.Note.Length > 0 ? "：" + Scrub(r.Note) : "").Append('\n');
        }
        if (!string.IsNullOrWhiteSpace(ticket.Summary)) actions.Append("- ").Append(Scrub(ticket.Summary)).Append('\n');
        if (ticket.ResolutionCode is { } code) actions.Append("- ").Append(l["Cases.Draft.Outcome", l[$"ResolutionCode.{code}"]]).Append('\n');

        var quotes = ticket.Messages.Where(m => m.FromCustomer).OrderBy(m => m.CreatedAt).Select(m => m.Body).ToList();
        if (quotes.Count == 0) quotes.Add(ticket.Description);
        var words = string.Join('\n', quotes.Select(q => "「" + Scrub(q).Trim() + "」"));

        var tags = new List<string>();
        if (ticket.SubCategory is { } sub) tags.Add(l[$"SubCategory.{sub}"]);

        var made = new ServiceCase
        {
            TicketId = ticket.Id, TicketNumber = ticket.Number, Status = CaseStatus.Draft,
            Title = Infrastructure.Http.ClippedText.Clip(Scrub(ticket.Subject), ServiceCaseConfiguration.TitleMax),
            Problem = Infrastructure.Http.ClippedText.Clip(problem.ToString(), ServiceCaseConfiguration.TextMax),
            Cause = Infrastructure.Http.ClippedText.Clip(cause.ToString(), ServiceCaseConfiguration.TextMax),
            Actions = Infrastructure.Http.ClippedText.Clip(actions.ToString().TrimEnd(), ServiceCaseConfiguration.TextMax),
            CustomerWords = Infrastructure.Http.ClippedText.Clip(words, ServiceCaseConfiguration.TextMax),
            Lessons = "",
            Category = ticket.Category, RootCause = ticket.RootCause, Channel = ticket.Channel,
            Tags = ServiceCase.Join(tags), Articles = ServiceCase.Join(suggested.Select(a => a.Slug)),
            CreatedAt = now, CreatedBy = actor.Name, UpdatedAt = now, UpdatedBy = actor.Name,
        };
        db.Set<ServiceCase>().Add(made);
        db.AuditEntries.Add(AuditEntry.Of(actor, CaseAudit.Entity, made.Id, CaseAudit.Created, new JsonObject { ["complaint"] = ticket.Number }, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/cases/{made.Id}", CaseViews.Response(made, actor));
    }
}
