using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Refuses a customer-visible text (reply, progress reason, proposed solution) that says a refund or adjustment was
/// made or started while no refund/adjustment on the complaint is approved (issue 18: "我们已为多扣的 1309.52 元发起原路退款"
/// was sent while the refund still waited for its second approver).
/// </summary>
internal static class GuardMoneyClaims
{
    public static async Task<bool> RefusedAsync(AppDbContext db, Guid ticketId, string? text, CancellationToken ct) =>
        MoneyClaims.ClaimsMoneyMoved(text)
        && !await db.ResolutionActions.AnyAsync(a => a.TicketId == ticketId && a.Status == ResolutionStatus.Approved
            && (a.Kind == ResolutionKind.Refund || a.Kind == ResolutionKind.BalanceAdjustment), ct);

    public static string Message(IStringLocalizer<SharedResource> l) => l["Money.ClaimRefused"];

    public static ProblemHttpResult Problem(IStringLocalizer<SharedResource> l) =>
        TypedResults.Problem(l["Money.ClaimRefused"], statusCode: StatusCodes.Status422UnprocessableEntity, title: l["Money.ClaimRefusedTitle"]);
}
