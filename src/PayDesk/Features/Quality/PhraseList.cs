using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Quality;

/// <summary>Which list a phrase is on: words an agent must never write to a customer, or words every answer should carry.</summary>
public enum PhraseListKind
{
    /// <summary>禁用语: never written to a customer (每次出现都扣分).</summary>
    Forbidden,

    /// <summary>规范用语: each entry should appear at least once in the agent's messages; alternatives separated by "|".</summary>
    Required,
}

/// <summary>One entry of the phrase lists supervisors keep for the automatic review.</summary>
internal sealed class PhraseListEntry
{
    public const int TextMax = 100;
    public const int NoteMax = 200;

    public long Id { get; init; }
    public PhraseListKind Kind { get; set; }

    /// <summary>The phrase; on the required list "您好|你好" is met by either.</summary>
    public required string Text { get; set; }

    /// <summary>Why it is on the list (shown to agents on their review).</summary>
    public string? Note { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    /// <summary>The alternatives of the entry, trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Alternatives(string text) =>
        text.Split(['|', '｜'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal sealed class PhraseListEntryConfiguration : IEntityTypeConfiguration<PhraseListEntry>
{
    public void Configure(EntityTypeBuilder<PhraseListEntry> b)
    {
        b.ToTable("quality_phrases");
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Text).HasMaxLength(PhraseListEntry.TextMax);
        b.Property(p => p.Note).HasMaxLength(PhraseListEntry.NoteMax);
        b.Property(p => p.UpdatedBy).HasMaxLength(100);
        b.HasIndex(p => new { p.Kind, p.Text }).IsUnique();
    }
}

/// <summary>The lists a new installation starts with (edited by supervisors at /quality/phrases).</summary>
internal static class PhraseListDefaults
{
    public static readonly IReadOnlyList<(PhraseListKind Kind, string Text, string Note)> Entries =
    [
        (PhraseListKind.Forbidden, "不知道", "推诿：应说明会核实后答复"),
        (PhraseListKind.Forbidden, "不归我管", "推诿：首问负责制"),
        (PhraseListKind.Forbidden, "不关我的事", "推诿：首问负责制"),
        (PhraseListKind.Forbidden, "你自己去查", "把工作推给客户"),
        (PhraseListKind.Forbidden, "没办法", "否定客户：应给出替代方案"),
        (PhraseListKind.Forbidden, "爱投诉就投诉", "激化矛盾"),
        (PhraseListKind.Forbidden, "你听不懂吗", "指责客户"),
        (PhraseListKind.Forbidden, "烦", "情绪化用语"),
        (PhraseListKind.Forbidden, "滚", "辱骂"),
        (PhraseListKind.Forbidden, "保证到账", "不可承诺的结果（合规）"),
        (PhraseListKind.Forbidden, "not my problem", "Deflecting: the first agent owns the complaint"),
        (PhraseListKind.Required, "您好|你好|hello|hi|dear", "问候"),
        (PhraseListKind.Required, "感谢|谢谢|抱歉|不便|thank|sorry", "致谢或致歉"),
    ];
}
