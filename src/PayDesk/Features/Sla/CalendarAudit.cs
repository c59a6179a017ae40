using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

/// <summary>
/// Calendar changes in the audit log. A calendar moves every deadline counted on it (a holiday added re-schedules the
/// running clocks and can turn a breach into a complaint on time), so who added, removed or changed which date, the weekly
/// hours or the time zone, and from what to what, is kept as a change to a complaint is. Calendars are keyed by name: their
/// entries carry an id made from the name, so one calendar's history is listed by that id.
/// </summary>
internal static class CalendarAudit
{
    public const string Entity = "ServiceCalendar";
    public const string DaySet = "day_set";
    public const string DayRemoved = "day_removed";
    public const string Imported = "imported";

    /// <summary>The calendar's id in the audit log: a name-based UUID (SHA-256 of the name, RFC 9562 version 8), the same on every node.</summary>
    public static Guid IdOf(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("paydesk/service-calendar/" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>Adds the entry to the caller's unit of work (it commits with the change or not at all).</summary>
    public static void Record(AppDbContext db, Actor actor, string name, string action, JsonObject details, DateTime at)
    {
        var entry = new JsonObject { ["name"] = name };
        // A built-in calendar is told by its label in the reader's language ("标准工作日"), an added one by its name.
        if (DefaultCalendars.Find(name) is not null) entry["builtIn"] = true;
        foreach (var (key, value) in details.ToList())
        {
            details.Remove(key);
            entry[key] = value;
        }
        db.AuditEntries.Add(AuditEntry.Of(actor, Entity, IdOf(name), action, entry, at));
    }

    /// <summary>{"from", "to"} when they differ, else nothing.</summary>
    public static void Change(JsonObject details, string field, JsonNode? from, JsonNode? to)
    {
        if (JsonNode.DeepEquals(from, to)) return;
        details[field] = new JsonObject { ["from"] = from, ["to"] = to };
    }

    /// <summary>What changed between two sets of weekly hours: time zone, always open, each weekday, the make-up day's hours.</summary>
    public static JsonObject HoursChanges(CalendarDefinition before, CalendarDefinition after)
    {
        var details = new JsonObject();
        Change(details, "timeZone", before.TimeZone, after.TimeZone);
        Change(details, "alwaysOpen", before.AlwaysOpen, after.AlwaysOpen);
        // A weekday a calendar does not list is closed, as one listed with no hours is (the built-in 7×24 calendar lists none).
        foreach (var day in WeekFromMonday)
        {
            Change(details, day.ToString().ToLowerInvariant(), Hours(before.Weekly.GetValueOrDefault(day) ?? []), Hours(after.Weekly.GetValueOrDefault(day) ?? []));
        }
        Change(details, "workingDayHours", Hours(before.WorkingDayHours), Hours(after.WorkingDayHours));
        return details;
    }

    /// <summary>
    /// One date's exception before and after, as {"date", "day": {"from", "to"}} (null "from": the date had none, null "to":
    /// it has none now); null when the two are the same.
    /// </summary>
    public static JsonObject? DayChange(DateOnly date, CalendarDay? before, CalendarDay? after) => DayChange(date, Day(before), after);

    /// <summary>The same, with the date's exception before already read (the entity has changed since).</summary>
    public static JsonObject? DayChange(DateOnly date, JsonObject? before, CalendarDay? after)
    {
        var change = new JsonObject { ["date"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        Change(change, "day", before, Day(after));
        return change.Count > 1 ? change : null;
    }

    /// <summary>A dated exception as the log keeps it: its kind and, for other hours, the hours; its label.</summary>
    public static JsonObject? Day(CalendarDay? day) => day is null ? null : new JsonObject
    {
        ["kind"] = day.Kind.ToString(),
        ["hours"] = day.Hours,
        ["label"] = day.Label,
    };

    private static readonly DayOfWeek[] WeekFromMonday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>"09:00-12:00,13:30-18:00", or "" for a closed day (none when the calendar has no such hours at all).</summary>
    private static string? Hours(IReadOnlyList<OpeningInterval>? hours) => hours is null ? null : CalendarDay.FormatHours(hours);
}
