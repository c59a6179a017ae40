using System.Globalization;
using System.Text.RegularExpressions;

namespace PayDesk.Features.Assistant;

/// <summary>What a customer's message says about the transaction, so nobody has to ask again.</summary>
public sealed record ExtractedFacts(string? TransactionSerial, decimal? Amount, DateOnly? Date, string? Phone, string? CardLastFour, string? Merchant = null)
{
    public bool Any => TransactionSerial is not null || Amount is not null || Date is not null || Phone is not null || CardLastFour is not null || Merchant is not null;
}

/// <summary>Entity extraction for Chinese and English messages: 交易流水号, amounts, (relative) dates, phone, card tail.</summary>
internal static partial class Entities
{
    [GeneratedRegex(@"(?<![\d.])(?:T|PD|TX)?\d{12,24}(?![\d.])", RegexOptions.IgnoreCase)]
    private static partial Regex Serial();

    [GeneratedRegex(@"(?<![\d])1[3-9]\d{9}(?!\d)")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?:[¥￥]\s*|RMB\s*|CNY\s*)(?<v>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)|(?<v>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*(?:元|块钱|块|rmb|yuan|cny)", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();

    [GeneratedRegex(@"(?:尾号|末四位|后四位|ending(?: in)?|last (?:four|4)(?: digits)?(?: are| is)?)\s*[:：]?\s*(?<d>\d{4})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex CardTail();

    [GeneratedRegex(@"(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*[日号]")]
    private static partial Regex ChineseDate();

    [GeneratedRegex(@"(?<y>20\d{2})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?:上周|上星期|上个星期|last\s+)(?<w>[一二三四五六日天]|monday|tuesday|wednesday|thursday|friday|saturday|sunday)", RegexOptions.IgnoreCase)]
    private static partial Regex LastWeekday();

    // 在盒马鲜生买东西 / 商户：星巴克 / 美团扣了我 / paid at Starbucks / charged by Uber
    [GeneratedRegex(@"(?:在|商户[是为:：]?\s*|商家[是为:：]?\s*)(?<m>[\p{IsCJKUnifiedIdeographs}A-Za-z0-9]{2,12}?)(?=买|购|消费|付款|支付|下单|充值|扣|的订单|，|,|。|\s|$)")]
    private static partial Regex ChineseMerchant();

    [GeneratedRegex(@"(?:\bat|\bfrom|\bby|\bto|merchant(?: is|:)?)\s+(?<m>[A-Z][A-Za-z0-9&'.-]{1,24}(?:\s[A-Z][A-Za-z0-9&'.-]{1,24})?)")]
    private static partial Regex EnglishMerchant();

    private static readonly string[] NotMerchants = ["银行卡", "信用卡", "储蓄卡", "微信", "支付宝", "手机", "网上", "线上", "App", "APP", "账户", "昨天", "今天", "上周", "我", "这"];

    public static string? Merchant(string text)
    {
        foreach (Match m in ChineseMerchant().Matches(text))
        {
            var name = m.Groups["m"].Value;
            if (name.Length >= 2 && !NotMerchants.Any(name.StartsWith) && !name.All(char.IsAsciiDigit)) return name;
        }
        return EnglishMerchant().Match(text) is { Success: true } e ? e.Groups["m"].Value.TrimEnd('.') : null;
    }

    public static ExtractedFacts Extract(string text, DateOnly today)
    {
        var serial = Serial().Matches(text).Select(m => m.Value.ToUpperInvariant()).FirstOrDefault(v => !Phone().IsMatch(v) || v.Length > 11);
        var phone = Phone().Match(text) is { Success: true } p && serial?.Contains(p.Value) != true ? p.Value : null;
        decimal? amount = Amount().Match(text) is { Success: true } a
            && decimal.TryParse(a.Groups["v"].Value.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
        var tail = CardTail().Match(text) is { Success: true } c ? c.Groups["d"].Value : null;
        return new ExtractedFacts(serial, amount, Date(text, today), phone, tail, Merchant(text));
    }

    public static DateOnly? Date(string text, DateOnly today)
    {
        var lower = text.ToLowerInvariant();
        if (IsoDate().Match(text) is { Success: true } iso && TryDate(int.Parse(iso.Groups["y"].Value), int.Parse(iso.Groups["m"].Value), int.Parse(iso.Groups["d"].Value), out var d1)) return d1;
        if (ChineseDate().Match(text) is { Success: true } cn && TryDate(today.Year, int.Parse(cn.Groups["m"].Value), int.Parse(cn.Groups["d"].Value), out var d2))
        {
            return d2 > today ? d2.AddYears(-1) : d2;
        }
        if (lower.Contains("前天") || lower.Contains("day before yesterday")) return today.AddDays(-2);
        if (lower.Contains("昨天") || lower.Contains("昨日") || lower.Contains("yesterday")) return today.AddDays(-1);
        if (lower.Contains("今天") || lower.Contains("today")) return today;
        if (LastWeekday().Match(lower) is { Success: true } w)
        {
            var target = w.Groups["w"].Value switch
            {
                "一" or "monday" => DayOfWeek.Monday, "二" or "tuesday" => DayOfWeek.Tuesday, "三" or "wednesday" => DayOfWeek.Wednesday,
                "四" or "thursday" => DayOfWeek.Thursday, "五" or "friday" => DayOfWeek.Friday, "六" or "saturday" => DayOfWeek.Saturday,
                _ => DayOfWeek.Sunday,
            };
            // The same weekday of the previous calendar week (weeks start on Monday in China).
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            return monday.AddDays(-7 + ((int)target + 6) % 7);
        }
        return null;
    }

    private static bool TryDate(int y, int m, int d, out DateOnly date)
    {
        date = default;
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        date = new DateOnly(y, m, d);
        return true;
    }
}
