using Microsoft.Extensions.Localization;

namespace PayDesk.Features.Workforce;

/// <summary>
/// Display names of the built-in shifts (早班 … 夜班) and marked-day kinds (promotion, outage …) in the reader's
/// language; a shift or kind an administrator configured shows as written.
/// </summary>
public static class WorkforceNames
{
    public static string Shift(IStringLocalizer l, string name) => Named(l, "Workforce.Shift." + name, name);

    public static string DayKind(IStringLocalizer l, string kind) => Named(l, "Workforce.DayKind." + kind, kind);

    private static string Named(IStringLocalizer l, string key, string fallback) => l[key] is { ResourceNotFound: false } found ? found.Value : fallback;
}
