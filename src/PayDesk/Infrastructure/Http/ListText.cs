using Microsoft.Extensions.Localization;

namespace PayDesk.Infrastructure.Http;

/// <summary>A list in running text in the reader's language: "短信、邮件" in Chinese, "SMS, E-mail" in English.</summary>
internal static class ListText
{
    public static string Join(IEnumerable<string?> items, IStringLocalizer l) => string.Join(l["List.Separator"].Value, items);

    /// <summary>The same for a reader who is not the request's (a customer's notice, in the customer's language).</summary>
    public static string Join(IEnumerable<string?> items, System.Globalization.CultureInfo culture) =>
        string.Join(SharedResource.Manager.GetString("List.Separator", culture) ?? "、", items);
}
