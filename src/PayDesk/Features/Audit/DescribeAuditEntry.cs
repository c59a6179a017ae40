using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;

namespace PayDesk.Features.Audit;

/// <summary>
/// What an audit entry says, as a sentence in the reader's language ("王芳 将 TK-… 的状态由「处理中」改为「待客户确认」"):
/// the entity and field names and the values of statuses, categories and the like come from the resources;
/// <paramref name="Target"/> is the record as people know it (complaint number, customer name, masked card),
/// <paramref name="People"/> names the staff an owner field points at.
/// </summary>
internal sealed record AuditFacts(
    string ActorName, string EntityType, string Action, string Changes, string? Target, IReadOnlyDictionary<Guid, string> People);

internal static class DescribeAuditEntry
{
    /// <summary>The fields a reader cares about, per entity, in the order they are told; the rest are counted.</summary>
    private static readonly Dictionary<string, string[]> Told = new()
    {
        ["Ticket"] = ["status", "ownerId", "team", "priority", "category", "subCategory", "escalationLevel", "channel", "subject", "amount", "currency",
            "transactionId", "verificationMethod", "rootCause", "resolutionCode", "summary", "reopenCount", "mergedIntoId"],
        ["TicketMessage"] = ["visibility"],
        ["Customer"] = ["name", "kind", "phoneMasked", "email", "idNumberMasked", "accountId", "region", "locale", "timeZone"],
        ["BankCard"] = ["bankName", "panMasked"],
        ["PublicAddress"] = ["publicBaseUrl"],
    };

    /// <summary>Bookkeeping that changes with every save and says nothing on its own.</summary>
    private static readonly HashSet<string> Silent = ["updatedAt", "createdAt", "createdById", "customerId", "ticketId", "missingFacts", "closedAt",
        "verifiedAt", "solutionProposedAt", "resolvedAt", "resolutionMinutes", "resolutionMet", "regulatoryMet", "boundAt", "authorId", "authorName",
        "fromCustomer", "number", "description", "occurredAt"];

    /// <summary>Fields whose values are enum codes, and the resource prefix naming each value.</summary>
    private static readonly Dictionary<string, string> ValueNames = new()
    {
        ["status"] = "Status", ["priority"] = "Priority", ["category"] = "Category", ["subCategory"] = "SubCategory", ["channel"] = "Channel",
        ["rootCause"] = "RootCause", ["resolutionCode"] = "ResolutionCode", ["visibility"] = "Visibility", ["kind"] = "CustomerKind",
        ["verificationMethod"] = "VerificationMethod", ["field"] = "Audit.Part",
    };

    public static string Describe(AuditFacts f, IStringLocalizer l)
    {
        f = f with { ActorName = Infrastructure.Security.Actor.Shown(f.ActorName, l) };
        var details = Parse(f.Changes);
        // A deleted record cannot be looked up any more; its last number, name or masked card is in the entry.
        var target = f.Target ?? Named(details) ?? Entity(f.EntityType, l);
        var reason = Text(details, "reason") ?? "—";
        var key = $"Audit.Say.{f.EntityType}.{f.Action}";
        switch (f.EntityType, f.Action)
        {
            case ("Ticket" or "Customer" or "BankCard", AuditActions.Updated):
                return l[key, f.ActorName, target, Clauses(f, details, l)].Value;
            case ("TicketMessage", AuditActions.Created or AuditActions.Deleted or AuditActions.Updated):
                var visibility = Value("visibility", details["visibility"] is JsonObject v ? (v["to"] ?? v["from"]) : null, f, l);
                return l[key, f.ActorName, target, visibility].Value;
            case ("Ticket" or "Customer", AuditActions.Revealed):
                return l[key, f.ActorName, target, Value("field", details["field"], f, l), reason].Value;
            case ("Customer", AuditActions.Merged):
                return l[key, f.ActorName, target, reason].Value;
            case ("AppUser", "role_changed"):
                return l[key, f.ActorName, target, Role(Text(details, "from"), l), Role(Text(details, "to"), l)].Value;
            case (ServiceCalendar, AuditActions.Created or AuditActions.Updated or AuditActions.Deleted or "day_set" or "day_removed" or "imported"):
                return Calendar(f, details, l);
            case ("ChannelSettings", AuditActions.Updated):
                return l[key, f.ActorName, ChannelNames(details, l), ChannelClauses(details, l)].Value;
            case ("PublicAddress", AuditActions.Updated):
                return l[key, f.ActorName, target, Clauses(f, details, l)].Value;
            // A file sent in a chat that never became a complaint has no complaint to name ("下载了投诉 附件 的附件" read the entity's name).
            // Retention's batches outside complaints: what went, in words, and from before when.
            case ("Retention", "anonymised"):
                var what = new[] { "chats", "calls", "notices" }.Where(n => details[n] is JsonValue)
                    .Select(n => l[$"Audit.Retention.{n}", details[n]!.ToJsonString()].Value).FirstOrDefault() ?? "—";
                var before = Text(details, "before") is { Length: >= 10 } at ? at[..10] : "—";
                return l[key, f.ActorName, what, before].Value;
            case ("Attachment", "downloaded") when f.Target is null:
                return l["Audit.Say.Attachment.downloadedChat", f.ActorName, Text(details, "fileName") ?? "—"].Value;
            case ("Attachment", "downloaded"):
                return l[key, f.ActorName, target, Text(details, "fileName") ?? "—"].Value;
        }
        var said = l[key, f.ActorName, target];
        if (!said.ResourceNotFound) return said;
        // An entity or action this describer has not met yet still reads as a sentence, never as a key.
        var action = l[$"Audit.ActionName.{f.Action}"];
        return l["Audit.Say.Other", f.ActorName, action.ResourceNotFound ? f.Action : action.Value, target].Value;
    }

    /// <summary>The record kind in words ("投诉", "customer record"), or its type name when unknown.</summary>
    public static string Entity(string entityType, IStringLocalizer l) =>
        l[$"Audit.Entity.{entityType}"] is { ResourceNotFound: false } name ? name.Value : entityType;

    private static string Clauses(AuditFacts f, JsonObject details, IStringLocalizer l)
    {
        var told = Told.GetValueOrDefault(f.EntityType, []);
        var clauses = new List<string>();
        foreach (var field in told)
        {
            if (details[field] is not JsonObject change) continue;
            clauses.Add(Clause(l[$"Audit.Field.{field}"].Value, change, v => Value(field, v, f, l), l));
        }
        var others = details.Count(p => !told.Contains(p.Key) && !Silent.Contains(p.Key));
        if (others > 0) clauses.Add(l["Audit.Clause.Others", others].Value);
        return clauses.Count == 0 ? l["Audit.Clause.Nothing"].Value : string.Join(l["Audit.Clause.Separator"].Value, clauses);
    }

    /// <summary>The entity type of a service-hours calendar's entries (written by Sla's CalendarAudit; calendars are keyed by name).</summary>
    private const string ServiceCalendar = "ServiceCalendar";

    /// <summary>The calendar fields a weekly-hours entry can hold, in the order they are told.</summary>
    private static readonly string[] CalendarFields =
        ["timeZone", "alwaysOpen", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "workingDayHours"];

    /// <summary>
    /// A calendar change as a sentence: a built-in calendar by its label ("标准工作日"), an added one by its name; a date's
    /// exception by its kind, hours and label ("休息 · 国庆节"), the weekly hours field by field.
    /// </summary>
    private static string Calendar(AuditFacts f, JsonObject details, IStringLocalizer l)
    {
        string Label(string? name, bool builtIn) => name is null ? Entity(f.EntityType, l)
            : builtIn && l[$"Calendar.{name}"] is { ResourceNotFound: false } label ? label.Value : name;
        var target = Label(Text(details, "name"), Flag(details, "builtIn"));
        var key = $"Audit.Say.{ServiceCalendar}.{f.Action}";
        var day = details["day"] as JsonObject;
        return f.Action switch
        {
            AuditActions.Created => l[key, f.ActorName, target, Label(Text(details, "copyFrom"), Flag(details, "copyFromBuiltIn"))].Value,
            AuditActions.Updated => l[key, f.ActorName, target, CalendarClauses(details, l)].Value,
            "day_set" or "day_removed" => l[key, f.ActorName, target, Text(details, "date") ?? "—", DayText(day?["from"], l), DayText(day?["to"], l)].Value,
            "imported" => l[key, f.ActorName, target, details["days"]?.ToJsonString() ?? "0", (details["changed"] as JsonArray)?.Count ?? 0].Value,
            _ => l[key, f.ActorName, target].Value,
        };
    }

    private static bool Flag(JsonObject details, string name) => details[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>A date's exception in words, or "the weekly hours" when it has none.</summary>
    private static string DayText(JsonNode? node, IStringLocalizer l)
    {
        if (node is not JsonObject day) return l["Audit.Calendar.Weekly"].Value;
        var kind = day["kind"] is JsonValue k && k.GetValueKind() == JsonValueKind.String ? k.GetValue<string>() : "";
        var parts = new List<string> { l[$"DayExceptionKind.{kind}"] is { ResourceNotFound: false } named ? named.Value : kind };
        if (Text(day, "hours") is { Length: > 0 } hours) parts.Add(hours);
        if (Text(day, "label") is { Length: > 0 } label) parts.Add(label.Length <= 40 ? label : PayDesk.Infrastructure.Http.ClippedText.Head(label, 40) + "…");
        return string.Join(" · ", parts);
    }

    /// <summary>What a weekly-hours entry changed: the time zone, whether always open, each weekday's hours, the make-up day's.</summary>
    private static string CalendarClauses(JsonObject details, IStringLocalizer l)
    {
        string Say(string field, JsonNode? v) => v switch
        {
            null => l["Audit.None"].Value,
            JsonValue b when field == "alwaysOpen" => l[b.GetValueKind() == JsonValueKind.True ? "Audit.Calendar.AllDay" : "Audit.Calendar.ByHours"].Value,
            JsonValue s when s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Length == 0 => l["Audit.Calendar.Closed"].Value,
            JsonValue s when s.GetValueKind() == JsonValueKind.String => s.GetValue<string>(),
            _ => v.ToJsonString(),
        };
        var clauses = new List<string>();
        foreach (var field in CalendarFields)
        {
            if (details[field] is not JsonObject change) continue;
            clauses.Add(Clause(l[$"Audit.Field.{field}"].Value, change, v => Say(field, v), l));
        }
        return clauses.Count == 0 ? l["Audit.Clause.Nothing"].Value : string.Join(l["Audit.Clause.Separator"].Value, clauses);
    }

    /// <summary>One field's {"from", "to"} as a clause: set (nothing before), cleared (nothing after) or changed.</summary>
    private static string Clause(string name, JsonObject change, Func<JsonNode?, string> say, IStringLocalizer l) =>
        change["from"] is null ? l["Audit.Clause.Set", name, say(change["to"])].Value
        : change["to"] is null ? l["Audit.Clause.Cleared", name, say(change["from"])].Value
        : l["Audit.Clause.Changed", name, say(change["from"]), say(change["to"])].Value;

    /// <summary>The channels a settings entry touched, by the names the channels page uses ("短信网关").</summary>
    private static string ChannelNames(JsonObject details, IStringLocalizer l) =>
        string.Join(l["Audit.Clause.Separator"].Value, details.Select(p => p.Key.Split('.')[0]).Distinct()
            .Select(c => l[$"ChannelConfig.Channel.{c}"] is { ResourceNotFound: false } name ? Short(name.Value) : c));

    /// <summary>
    /// What changed in the channel settings. A secret is written to the entry only as "set" or "cleared" (SaveChannelSettings);
    /// whatever else stands there, a secret's value is never told — only that it changed.
    /// </summary>
    private static string ChannelClauses(JsonObject details, IStringLocalizer l)
    {
        var clauses = new List<string>();
        foreach (var (id, node) in details)
        {
            var name = l[$"ChannelConfig.Field.{id}"] is { ResourceNotFound: false } label ? Short(label.Value) : id;
            if (node is JsonObject change && !LooksSecret(id))
            {
                clauses.Add(Clause(name, change, v => v is null ? l["Audit.None"].Value : ChannelValue(id, v, l), l));
            }
            else
            {
                var cleared = node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "cleared";
                clauses.Add(l[cleared ? "Audit.Clause.SecretCleared" : "Audit.Clause.SecretChanged", name].Value);
            }
        }
        return clauses.Count == 0 ? l["Audit.Clause.Nothing"].Value : string.Join(l["Audit.Clause.Separator"].Value, clauses);
    }

    private static bool LooksSecret(string id) =>
        id.Contains("password", StringComparison.OrdinalIgnoreCase) || id.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || id.Contains("apikey", StringComparison.OrdinalIgnoreCase) || id.Contains("token", StringComparison.OrdinalIgnoreCase);

    private static string ChannelValue(string id, JsonNode node, IStringLocalizer l)
    {
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        if (id.EndsWith(".security", StringComparison.Ordinal) && l[$"ChannelConfig.Security.{text}"] is { ResourceNotFound: false } named) return Short(named.Value);
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 40 ? text : PayDesk.Infrastructure.Http.ClippedText.Head(text, 40) + "…";
    }

    /// <summary>A label without its explanation in brackets: "邮件发送（SMTP 中继）" → "邮件发送".</summary>
    private static string Short(string label)
    {
        var cut = label.IndexOfAny(['（', '(']);
        return (cut > 0 ? label[..cut] : label).Trim();
    }

    private static string Value(string field, JsonNode? node, AuditFacts f, IStringLocalizer l)
    {
        if (node is null) return l["Audit.None"].Value;
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        if (ValueNames.TryGetValue(field, out var prefix) && l[$"{prefix}.{Pascal(text)}"] is { ResourceNotFound: false } named) return named.Value;
        if (field == "team" && l[$"Team.{text}"] is { ResourceNotFound: false } team) return team.Value;
        if (field == "ownerId" && Guid.TryParse(text, out var id)) return f.People.GetValueOrDefault(id) ?? l["Audit.Someone"].Value;
        if (field == "mergedIntoId" && Guid.TryParse(text, out _)) return l["Audit.OtherComplaint"].Value;
        return text.Length <= 40 ? text : PayDesk.Infrastructure.Http.ClippedText.Head(text, 40) + "…";
    }

    private static string Role(string? role, IStringLocalizer l) =>
        Infrastructure.Http.ListText.Join((role ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => l[$"Role.{r}"] is { ResourceNotFound: false } name ? name.Value : r), l) is { Length: > 0 } said ? said : l["Audit.None"].Value;

    private static string? Named(JsonObject details)
    {
        foreach (var field in new[] { "number", "name", "panMasked", "email" })
        {
            var node = details[field] is JsonObject change ? change["from"] ?? change["to"] : details[field];
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        }
        return null;
    }

    private static string? Text(JsonObject details, string name) =>
        details[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static JsonObject Parse(string changes)
    {
        try
        {
            return JsonNode.Parse(changes) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>"in_progress" → "InProgress", the enum member name the resources use.</summary>
    public static string Pascal(string code) =>
        string.Concat(code.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
