namespace PayDesk.Features.Complaints;

/// <summary>
/// The banks customers name in complaints, with the short forms and English names they use ("招行", "CMB").
/// Incidents are scoped by bank and the detector counts arrivals per bank, so every complaint's bank is found
/// once, at intake, from its words.
/// </summary>
public static class Banks
{
    public sealed record Bank(string Code, string ZhName, string EnName, string[] Aliases);

    public static readonly IReadOnlyList<Bank> All =
    [
        new("ICBC", "工商银行", "ICBC", ["工商银行", "工行", "ICBC"]),
        new("CCB", "建设银行", "China Construction Bank", ["建设银行", "建行", "CCB"]),
        new("ABC", "农业银行", "Agricultural Bank of China", ["农业银行", "农行"]),
        new("BOC", "中国银行", "Bank of China", ["中国银行", "中行", "Bank of China"]),
        new("BOCOM", "交通银行", "Bank of Communications", ["交通银行", "交行", "BOCOM"]),
        new("PSBC", "邮储银行", "Postal Savings Bank of China", ["邮储银行", "邮政储蓄", "邮储", "PSBC"]),
        new("CMB", "招商银行", "China Merchants Bank", ["招商银行", "招行", "China Merchants Bank", "CMB"]),
        new("SPDB", "浦发银行", "SPD Bank", ["浦发银行", "浦发", "SPDB"]),
        new("CITIC", "中信银行", "China CITIC Bank", ["中信银行", "CITIC"]),
        new("CEB", "光大银行", "China Everbright Bank", ["光大银行", "光大", "Everbright"]),
        new("CMBC", "民生银行", "China Minsheng Bank", ["民生银行", "Minsheng", "CMBC"]),
        new("CIB", "兴业银行", "Industrial Bank", ["兴业银行", "Industrial Bank"]),
        new("PAB", "平安银行", "Ping An Bank", ["平安银行", "Ping An Bank"]),
        new("HXB", "华夏银行", "Hua Xia Bank", ["华夏银行", "Hua Xia Bank"]),
        new("CGB", "广发银行", "China Guangfa Bank", ["广发银行", "广发", "Guangfa"]),
        new("BOB", "北京银行", "Bank of Beijing", ["北京银行", "Bank of Beijing"]),
        new("BOS", "上海银行", "Bank of Shanghai", ["上海银行", "Bank of Shanghai"]),
        new("NBCB", "宁波银行", "Bank of Ningbo", ["宁波银行", "Bank of Ningbo"]),
        new("JSB", "江苏银行", "Bank of Jiangsu", ["江苏银行", "Bank of Jiangsu"]),
    ];

    private static readonly Dictionary<string, Bank> ByCode = All.ToDictionary(b => b.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The code of the first bank the text names (earliest mention wins), or null.</summary>
    public static string? Find(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        Bank? best = null;
        var at = int.MaxValue;
        foreach (var bank in All)
        {
            foreach (var alias in bank.Aliases)
            {
                // Latin aliases are matched as whole words ("CMB" must not match inside "CMBC").
                var i = IndexOfWord(text, alias);
                if (i >= 0 && i < at)
                {
                    at = i;
                    best = bank;
                }
            }
        }
        return best?.Code;
    }

    /// <summary>The bank's name in the current UI language ("招商银行" / "China Merchants Bank"); the code when unknown.</summary>
    public static string Name(string? code)
    {
        if (code is null || !ByCode.TryGetValue(code, out var bank)) return code ?? "";
        return System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? bank.ZhName : bank.EnName;
    }

    public static bool IsKnown(string? code) => code is not null && ByCode.ContainsKey(code);

    private static int IndexOfWord(string text, string alias)
    {
        var latin = alias[0] < 128;
        var from = 0;
        while (true)
        {
            var i = text.IndexOf(alias, from, latin ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            if (i < 0) return -1;
            if (!latin) return i;
            var end = i + alias.Length;
            var before = i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1]);
            var after = end >= text.Length || !char.IsAsciiLetterOrDigit(text[end]);
            if (before && after) return i;
            from = i + 1;
        }
    }
}
