using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>
/// A few published cases in the demo, made from demo complaints by the demo supervisor through the same use
/// cases a supervisor uses (so they are scrubbed and checked like any other), with a lesson for each.
/// </summary>
internal static class CaseDemo
{
    private const string Marker = "demo:cases";

    /// <summary>The lesson a supervisor would write for a complaint of each kind.</summary>
    private static readonly Dictionary<TicketCategory, string> Lessons = new()
    {
        [TicketCategory.Funds] = "先核对交易流水再答复：两笔扣款时间相近、金额相同即可判定重复扣款，当场发起退款并告知到账时限，客户不必再来电催问。",
        [TicketCategory.Refund] = "退款未到账时先查商户是否已发起、银行处理到哪一步，给客户一个明确的到账日期，并在到期前主动回访。",
        [TicketCategory.TransactionFailure] = "支付失败但扣款的情况多为银行超时，说明冲正规则和时限，比让客户重新付款更能避免二次扣款。",
        [TicketCategory.AccountFrozen] = "冻结原因要讲清楚，并一次性告知解冻所需材料，避免客户多次补交。",
        [TicketCategory.AccountSecurity] = "疑似盗刷先冻结再核实，安抚客户情绪，同时提醒修改密码，调查进度要按时同步。",
    };

    public static async Task SeedOnFirstStartAsync(IServiceProvider services, CancellationToken ct)
    {
        if (!services.GetRequiredService<IOptions<BootstrapOptions>>().Value.Demo) return;
        await SeedAsync(services, ct);
    }

    /// <summary>Makes and publishes one case per kind above from a closed demo complaint, once.</summary>
    public static async Task<int> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        if (!await db.Counters.AnyAsync(c => c.Name == "demo:seeded", ct) || await db.Counters.AnyAsync(c => c.Name == Marker, ct)) return 0;
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var supervisor = await users.FindByEmailAsync("supervisor@paydesk.local");
        if (supervisor is null) return 0;
        ActorAccessor.ActAs(new Actor(supervisor.Id, supervisor.DisplayName, new HashSet<string> { Roles.Supervisor }, null));

        var create = sp.GetRequiredService<CreateCaseFromComplaint>();
        var update = sp.GetRequiredService<UpdateCaseDraft>();
        var publish = sp.GetRequiredService<PublishCase>();
        var made = 0;
        foreach (var (category, lesson) in Lessons)
        {
            // The closed complaint of this kind with the most said on it makes the richest case.
            var source = await db.Tickets.AsNoTracking()
                .Where(t => t.Category == category && t.Status == TicketStatus.Closed && t.MergedIntoId == null)
                .OrderByDescending(t => t.Messages.Count).ThenBy(t => t.Number).Select(t => t.Number).FirstOrDefaultAsync(ct);
            if (source is null) continue;
            if ((await create.CreateAsync(source, ct)).Result is not Created<CaseResponse> { Value: { } draft }) continue;
            var edited = await update.UpdateAsync(draft.Id, new UpdateCaseDraft.CaseRequest(draft.Title, draft.Problem, draft.Cause, draft.Actions, draft.CustomerWords,
                lesson, null, null, null, draft.Tags, draft.Articles), ct);
            if (edited.Result is not Ok<CaseResponse>) continue;
            if ((await publish.PublishAsync(draft.Id, ct)).Result is Ok<CaseResponse>) made++;
            db.ChangeTracker.Clear();
        }
        db.Counters.Add(new Counter { Name = Marker, Value = made });
        await db.SaveChangesAsync(ct);
        return made;
    }
}
