using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PayDesk.Tests.Features.Platform;

/// <summary>Every text the product shows exists in Simplified Chinese and in English.</summary>
public sealed partial class ResourceTests
{
    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var src = Path.Combine(dir.FullName, "src", "PayDesk");
            if (Directory.Exists(src)) return src;
        }
        throw new DirectoryNotFoundException("src/PayDesk not found above the test folder");
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(SourceRoot(), "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");

    [GeneratedRegex(@"(?:\bL|\bl|errors)\[""(?<key>[A-Za-z][\w\.]*)""|AddKey\([^,]+, ""(?<key>[A-Za-z][\w\.]*)""")]
    private static partial Regex KeyUse();

    [Fact]
    public void Chinese_and_english_have_the_same_keys_and_no_empty_texts()
    {
        var zh = Load("SharedResource.resx");
        var en = Load("SharedResource.en.resx");
        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.Empty(zh.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
        Assert.Empty(en.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
    }

    [Fact]
    public void Every_kind_of_record_the_audit_log_holds_has_a_name_in_both_languages()
    {
        // A walk read "刘洋 对 Announcement 执行了操作" in the Chinese audit log: incidents, announcements and follow-up visits had
        // no name, only their class's.
        var zh = Load("SharedResource.resx");
        var en = Load("SharedResource.en.resx");
        var audited = typeof(PayDesk.Features.Audit.AuditEntry).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(PayDesk.Features.Audit.IAudited).IsAssignableFrom(t)).Select(t => t.Name);
        // Written by name rather than through the interceptor (AuditEntry.Of with a type's name).
        var source = string.Join("\n", Directory.EnumerateFiles(SourceRoot(), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var named = AuditedByName().Matches(source).Select(m => m.Groups["type"].Value);
        var missing = audited.Concat(named).Distinct().Where(t => !zh.ContainsKey($"Audit.Entity.{t}") || !en.ContainsKey($"Audit.Entity.{t}")).ToList();
        Assert.True(missing.Count == 0, "No name for: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"(?:AuditEntity|Entity)\s*=\s*""(?<type>[A-Z]\w+)""|AuditEntry\.Of\([^,]+,\s*(?:nameof\((?<type>\w+)\)|""(?<type>[A-Z]\w+)"")")]
    private static partial Regex AuditedByName();

    [Fact]
    public void Every_literal_key_used_in_code_and_pages_exists()
    {
        var keys = Load("SharedResource.resx").Keys.ToHashSet();
        var uses = Directory.EnumerateFiles(SourceRoot(), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".razor")) && !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("Migrations"))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups["key"].Value)))
            .ToList();
        Assert.True(uses.Count > 200, $"only {uses.Count} literal keys found: the scan is broken");
        var missing = uses
            .Where(u => !keys.Contains(u.Key))
            .Select(u => $"{u.File}: {u.Key}")
            .Distinct()
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_enum_value_shown_with_a_prefix_has_a_text()
    {
        var keys = Load("SharedResource.resx").Keys.ToHashSet();
        var shown = new Dictionary<string, Type>
        {
            ["Status"] = typeof(PayDesk.Features.Complaints.TicketStatus),
            ["Category"] = typeof(PayDesk.Features.Complaints.TicketCategory),
            ["Channel"] = typeof(PayDesk.Features.Complaints.TicketChannel),
            ["Priority"] = typeof(PayDesk.Features.Complaints.TicketPriority),
            ["SubCategory"] = typeof(PayDesk.Features.Complaints.TicketSubCategory),
            ["IntakeFact"] = typeof(PayDesk.Features.Complaints.IntakeFact),
            ["Trigger"] = typeof(PayDesk.Features.Complaints.TicketTrigger),
            ["RootCause"] = typeof(PayDesk.Features.Complaints.RootCause),
            ["ResolutionCode"] = typeof(PayDesk.Features.Complaints.ResolutionCode),
            ["EventKind"] = typeof(PayDesk.Features.Complaints.TicketEventKind),
            ["ClockKind"] = typeof(PayDesk.Features.Sla.ClockKind),
            ["ClockStatus"] = typeof(PayDesk.Features.Sla.ClockStatus),
            ["DayExceptionKind"] = typeof(PayDesk.Features.Sla.DayExceptionKind),
            ["ResolutionKind"] = typeof(PayDesk.Features.Complaints.ResolutionKind),
            ["ResolutionStatus"] = typeof(PayDesk.Features.Complaints.ResolutionStatus),
            ["VerificationMethod"] = typeof(PayDesk.Features.Complaints.VerificationMethod),
            ["PaymentStatus"] = typeof(PayDesk.Features.Payments.PaymentStatus),
            ["RefundState"] = typeof(PayDesk.Features.Payments.RefundState),
            ["NotificationChannel"] = typeof(PayDesk.Features.Notifications.NotificationChannel),
            ["Presence"] = typeof(PayDesk.Features.Routing.Presence),
            ["RoutingStrategy"] = typeof(PayDesk.Features.Routing.RoutingStrategy),
            ["CustomerKind"] = typeof(PayDesk.Features.Customers.CustomerKind),
            ["CallbackOutcome"] = typeof(PayDesk.Features.Complaints.CallbackOutcome),
            ["CallState"] = typeof(PayDesk.Features.Channels.Phone.CallState),
            ["ConversationStatus"] = typeof(PayDesk.Features.Channels.Chat.ConversationStatus),
            ["QuarantineStatus"] = typeof(PayDesk.Features.Channels.QuarantineStatus),
            ["InteractionKind"] = typeof(PayDesk.Features.Channels.InteractionKind),
            ["Quality.History.Call"] = typeof(PayDesk.Features.Channels.Phone.CallDirection),
        };
        var missing = shown.SelectMany(s => Enum.GetNames(s.Value).Select(n => $"{s.Key}.{n}")).Where(k => !keys.Contains(k)).ToList();
        Assert.Empty(missing);
    }
}
