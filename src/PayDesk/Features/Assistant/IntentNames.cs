using Microsoft.Extensions.Localization;

namespace PayDesk.Features.Assistant;

/// <summary>
/// What people read for an assistant intent: its name from the resources ("Intent.duplicate_debit" → 重复扣款 /
/// Duplicate debit). An intent a retrained model brought that has no name yet reads as words, never as a code.
/// </summary>
public static class IntentNames
{
    public static string Display(IStringLocalizer l, string intent)
    {
        var name = l[$"Intent.{intent}"];
        return name.ResourceNotFound ? intent.Replace('_', ' ') : name.Value;
    }
}
