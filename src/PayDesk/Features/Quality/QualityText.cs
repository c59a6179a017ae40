using System.Globalization;

namespace PayDesk.Features.Quality;

/// <summary>What the quality pages show for item names and values in the reader's language.</summary>
internal static class QualityText
{
    public static bool English => !CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string ItemName(string name, string? nameEn) => English && !string.IsNullOrWhiteSpace(nameEn) ? nameEn : name;

    public static string Number(decimal? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    /// <summary>"通过" / "2/5" / "—": a value as the reviewer gave it.</summary>
    public static string Value(ItemScale scale, int? value, int max, Microsoft.Extensions.Localization.IStringLocalizer l) => value switch
    {
        null => "—",
        { } v when scale == ItemScale.PassPartialFail => v switch
        {
            QualityScoring.Pass => l["Quality.Value.Pass"],
            QualityScoring.Partial => l["Quality.Value.Partial"],
            _ => l["Quality.Value.Fail"],
        },
        { } v => $"{v}/{max}",
    };
}
