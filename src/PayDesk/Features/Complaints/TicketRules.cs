using System.Globalization;
using System.Text.RegularExpressions;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Complaints;

/// <summary>Field rules shared by creating and changing a complaint.</summary>
internal static partial class TicketRules
{
    public const int SubjectMax = 200;
    public const int DescriptionMax = 10_000;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{5,63}$")]
    private static partial Regex SerialNumber();

    private static readonly Lazy<HashSet<string>> Currencies = new(() => CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .Where(s => s is { Length: 3 })
        .Select(s => s!)
        .ToHashSet(StringComparer.Ordinal));

    /// <summary>Currencies without minor units; all others allow two decimals here.</summary>
    private static readonly HashSet<string> ZeroDecimal = ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"];

    public static bool IsTransactionId(string value) => SerialNumber().IsMatch(value);

    public static void CheckTransactionId(ValidationErrors errors, string field, string? value)
    {
        if (value is not null && !IsTransactionId(value.Trim())) errors.AddKey(field, "Ticket.TransactionIdFormat");
    }

    public static void CheckAmount(ValidationErrors errors, string field, MoneyInput? amount)
    {
        if (amount is null) return;
        if (amount.Value is not { } value) errors.AddKey($"{field}.value", "Validation.Required");
        else if (value <= 0) errors.AddKey($"{field}.value", "Ticket.AmountPositive");
        else if (value > 1_000_000_000m) errors.AddKey($"{field}.value", "Ticket.AmountTooLarge");
        var currency = amount.Currency?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(currency)) errors.AddKey($"{field}.currency", "Validation.Required");
        else if (!Currencies.Value.Contains(currency)) errors.AddKey($"{field}.currency", "Ticket.Currency");
        else if (amount.Value is { } v && v.Scale > (ZeroDecimal.Contains(currency) ? 0 : 2) && decimal.Round(v, ZeroDecimal.Contains(currency) ? 0 : 2) != v)
        {
            errors.AddKey($"{field}.value", "Ticket.AmountDecimals", currency);
        }
    }

    public static void CheckOccurredAt(ValidationErrors errors, string field, DateTimeOffset? occurredAt, DateTimeOffset now)
    {
        if (occurredAt is { } at && at > now.AddMinutes(5)) errors.AddKey(field, "Ticket.OccurredInFuture");
        if (occurredAt is { } old && old < now.AddYears(-5)) errors.AddKey(field, "Ticket.OccurredTooLongAgo");
    }
}

/// <summary>An amount as sent by a client, before validation.</summary>
internal sealed record MoneyInput(decimal? Value, string? Currency);
