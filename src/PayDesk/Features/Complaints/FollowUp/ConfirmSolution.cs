using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// The customer answers a proposed solution from the signed link in the notice, without signing in.
/// A link is good for one proposal: once answered, or once a newer solution is proposed, it is spent.
/// </summary>
internal static class ConfirmSolution
{
    public enum Decision
    {
        Accept,
        Reject,
    }

    public sealed record Proposal(string Number, string Subject, string CustomerName, string? Solution, DateTime ProposedAt);

    public sealed record AnswerRequest(Decision? Decision, string? Reason);

    public sealed record AnswerResponse(string Number, TicketStatus Status);

    public static RouteGroupBuilder MapConfirmations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/confirmations/{token}").WithTags("Lifecycle").AllowAnonymous();
        group.MapGet("/", GetAsync).WithName("GetProposedSolution").WithSummary("The solution a signed link asks the customer to answer.");
        group.MapPost("/", AnswerAsync).RequireRateLimiting(RateLimits.PublicWrite).WithName("AnswerProposedSolution").WithSummary("Accept or reject the proposed solution.");
        return api;
    }

    /// <summary>The ticket a link is for, if the link is genuine, unexpired and still about the current proposal.</summary>
    public static async Task<Ticket?> OpenAsync(AppDbContext db, ConfirmationLinks links, string token, bool track, CancellationToken ct)
    {
        if (links.Read(token) is not { } claim) return null;
        var query = db.Tickets.Include(t => t.Customer!).ThenInclude(c => c.Cards).Include(t => t.Messages).AsSplitQuery();
        if (!track) query = query.AsNoTracking();
        var ticket = await query.FirstOrDefaultAsync(t => t.Id == claim.TicketId, ct);
        // PostgreSQL keeps microseconds, .NET ticks are 100 ns: the same instant may differ by a rounding.
        return ticket is { Status: TicketStatus.SolutionProposed, SolutionProposedAt: { } proposed }
            && Math.Abs((proposed - claim.ProposedAt).Ticks) <= 10 ? ticket : null;
    }

    public static Actor CustomerActor(Ticket ticket) =>
        new(null, ticket.Customer!.Name, new HashSet<string> { Roles.Customer }, ticket.CustomerId);

    public static Task<string?> SolutionTextAsync(AppDbContext db, Guid ticketId, CancellationToken ct) =>
        db.TicketEvents.AsNoTracking()
            .Where(e => e.TicketId == ticketId && e.Trigger == TicketTrigger.ProposeSolution)
            .OrderByDescending(e => e.Id).Select(e => e.Reason).FirstOrDefaultAsync(ct);

    internal static async Task<Results<Ok<Proposal>, ProblemHttpResult>> GetAsync(
        string token, AppDbContext db, ConfirmationLinks links, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var ticket = await OpenAsync(db, links, token, track: false, ct);
        if (ticket is null) return Spent(l);
        return TypedResults.Ok(new Proposal(ticket.Number, ticket.Subject, ticket.Customer!.Name,
            await SolutionTextAsync(db, ticket.Id, ct), ticket.SolutionProposedAt!.Value));
    }

    internal static async Task<Results<Ok<AnswerResponse>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        string token, AnswerRequest request, AppDbContext db, ConfirmationLinks links, LifecycleServices lifecycle,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Decision is null) errors.AddKey("decision", "Validation.Required");
        if (request.Decision == Decision.Reject) errors.RequiredText("reason", request.Reason, 2000);
        if (errors.Any) return errors.ToProblem();

        var ticket = await OpenAsync(db, links, token, track: true, ct);
        if (ticket is null) return Spent(l);
        var trigger = request.Decision == Decision.Accept ? TicketTrigger.AcceptSolution : TicketTrigger.RejectSolution;
        var outcome = await TransitionTicket.ApplyAsync(db, ticket, new TransitionInput(trigger, request.Reason?.Trim()),
            CustomerActor(ticket), lifecycle, ct);
        if (!outcome.Applied)
        {
            foreach (var (field, key) in outcome.Errors) errors.AddKey(field, key);
            return errors.Any ? errors.ToProblem() : Spent(l);
        }
        return TypedResults.Ok(new AnswerResponse(ticket.Number, ticket.Status));
    }

    private static ProblemHttpResult Spent(IStringLocalizer<SharedResource> l) =>
        TypedResults.Problem(l["Confirm.Spent"], statusCode: StatusCodes.Status410Gone, title: l["Confirm.Title"]);
}
