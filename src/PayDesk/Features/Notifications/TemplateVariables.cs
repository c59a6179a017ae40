using System.Text.RegularExpressions;

namespace PayDesk.Features.Notifications;

/// <summary>
/// Which {placeholders} each template is filled with (as the callers of <see cref="Notifier"/> pass them),
/// sample values for the administrator's preview, and the check that a text uses no other placeholder:
/// an unknown one would reach the customer as literal "{…}".
/// </summary>
internal static partial class TemplateVariables
{
    private static readonly string[] Complaint = ["customerName", "ticketNumber", "subject", "status", "reason"];

    /// <summary>The placeholders <paramref name="key"/> is rendered with, in the order they are offered.</summary>
    public static IReadOnlyList<string> For(string key) => key switch
    {
        // The code is filled in by the sender from the cipher; nothing else is passed to this template.
        DefaultTemplates.VerificationCode => ["code"],
        DefaultTemplates.SolutionProposed => [.. Complaint, "confirmUrl"],
        DefaultTemplates.Survey or DefaultTemplates.Nps => [.. Complaint, "surveyUrl"],
        _ => Complaint,
    };

    /// <summary>Placeholders in <paramref name="text"/> that <paramref name="key"/> is never filled with, each once.</summary>
    public static IReadOnlyList<string> Unknown(string key, string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var known = For(key);
        return Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(v => !known.Contains(v)).Distinct().ToList();
    }

    /// <summary>Believable values for the preview, in the template's language.</summary>
    public static IReadOnlyDictionary<string, string?> Samples(string locale) => locale == "en"
        ? new Dictionary<string, string?>
        {
            ["customerName"] = "Li Ming",
            ["ticketNumber"] = "PD-2026-000042",
            ["subject"] = "Charged twice for one order",
            ["status"] = "In progress",
            ["reason"] = "we have asked the bank to return the second debit of 1,309.52 CNY",
            ["confirmUrl"] = "https://paydesk.example.com/confirm/…",
            ["surveyUrl"] = "https://paydesk.example.com/survey/…",
        }
        : new Dictionary<string, string?>
        {
            ["customerName"] = "李明",
            ["ticketNumber"] = "PD-2026-000042",
            ["subject"] = "同一笔订单被扣款两次",
            ["status"] = "处理中",
            ["reason"] = "我们已请银行退回第二笔 1,309.52 CNY 扣款",
            ["confirmUrl"] = "https://paydesk.example.com/confirm/…",
            ["surveyUrl"] = "https://paydesk.example.com/survey/…",
        };

    /// <summary>
    /// The text as the customer would read it: rendered by <see cref="Notifier.Render"/> (the same call the
    /// outbox uses), then {code} filled as the sender does at send time.
    /// </summary>
    public static string Preview(string? text, string locale) =>
        Notifier.Render(text ?? "", Samples(locale)).Replace("{code}", "482913", StringComparison.Ordinal);

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
