using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

/// <summary>
/// The rubric a new installation starts with (标准质检评分表), written for a payment company's complaint desk: identity
/// before account talk and no forbidden phrases are fatal (a regulator's and the company's red lines), accuracy and the
/// solution weigh most. Supervisors edit it on /quality/rubrics; it is seeded only into an empty rubric table.
/// </summary>
internal static class DefaultRubric
{
    public static readonly RubricItemInput[] Items =
    [
        new("greeting", "开场问候", "Greeting", "使用标准开场白，报工号，礼貌称呼客户", 5, ItemScale.PassPartialFail, 2, false),
        new("verify_before_account", "核实身份后再谈账户", "Identity verified before account talk", "未核实身份前不透露任何账户、交易信息", 15, ItemScale.PassPartialFail, 2, true),
        new("correct_category", "分类正确", "Correct category", "投诉类别与子类准确", 10, ItemScale.PassPartialFail, 2, false),
        new("accurate_info", "信息准确", "Accurate information", "金额、时效、政策说明准确无误", 20, ItemScale.Points, 5, false),
        new("empathy", "同理心", "Empathy", "体察客户情绪，适当安抚", 10, ItemScale.Points, 5, false),
        new("solution_offered", "给出解决方案", "Solution offered", "给出明确、可执行的处理方案", 15, ItemScale.PassPartialFail, 2, false),
        new("next_steps", "告知后续步骤", "Next steps explained", "告知处理时限、后续进展如何通知", 10, ItemScale.PassPartialFail, 2, false),
        new("no_forbidden_phrases", "未使用禁用语", "No forbidden phrases", "未使用推诿、威胁、不文明等禁用语", 10, ItemScale.PassPartialFail, 2, true),
        new("closing", "结束语", "Closing", "确认问题已解答并礼貌结束", 5, ItemScale.PassPartialFail, 2, false),
    ];

    public const string Name = "标准质检评分表";

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Set<QualityRubric>().AnyAsync(ct)) return;
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        db.Set<QualityRubric>().Add(SaveRubric.Build(Guid.CreateVersion7(), 1, new RubricInput(Name, "投诉处理质检通用评分表（可由主管修改）", [.. Items]),
            clock.GetUtcNow().UtcDateTime, null, "PayDesk"));
        await db.SaveChangesAsync(ct);
    }
}
