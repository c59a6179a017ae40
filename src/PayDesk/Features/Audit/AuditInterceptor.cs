using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Audit;

/// <summary>
/// Writes an audit entry for every added, changed or deleted <see cref="IAudited"/> row in the
/// same SaveChanges (so the change and its record commit together). Ciphertexts and hashes
/// are never copied into the log; only their masked twins are.
/// </summary>
/// <summary>Audit JSON keeps Chinese readable: it is stored and shown as data, never embedded in HTML unescaped.</summary>
internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

internal sealed class AuditInterceptor(ActorAccessor actors, TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context && context is not Infrastructure.Data.AppDbContext { PreparedForWriter: true }) AddEntries(context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context is not Infrastructure.Data.AppDbContext { PreparedForWriter: true }) AddEntries(context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Adds the audit entries for the pending changes (detecting them first).</summary>
    public void AddEntries(DbContext context)
    {
        var tracker = context.ChangeTracker;
        tracker.DetectChanges();
        var actor = actors.Current;
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = new List<AuditEntry>();
        // Detected just above: listing the entries would otherwise compare every tracked row with its snapshot again.
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            Collect(tracker, actor, now, entries);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
        if (entries.Count > 0) context.Set<AuditEntry>().AddRange(entries);
    }

    private static void Collect(ChangeTracker tracker, Actor actor, DateTime now, List<AuditEntry> entries)
    {
        foreach (var entry in tracker.Entries<IAudited>())
        {
            var action = entry.State switch
            {
                EntityState.Added => AuditActions.Created,
                EntityState.Modified => AuditActions.Updated,
                EntityState.Deleted => AuditActions.Deleted,
                _ => null,
            };
            if (action is null) continue;
            var changes = Describe(entry);
            if (entry.State == EntityState.Modified && changes == "{}") continue;
            entries.Add(new AuditEntry
            {
                At = now,
                ActorId = actor.UserId,
                ActorName = actor.Name,
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = entry.Entity.Id,
                Action = action,
                Changes = changes,
            });
        }
    }

    /// <summary>field → {"from":…,"to":…} written straight to UTF-8: this runs inside every write.</summary>
    private static string Describe(EntityEntry<IAudited> entry)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AuditJson.Options.Encoder }))
        {
            json.WriteStartObject();
            foreach (var (metadata, camel, email) in Described(entry.Metadata))
            {
                var property = entry.Property(metadata);
                // An e-mail address is recorded as staff see it (c******@example.cn), like the masked twins of numbers.
                object? Shown(object? value) => email && value is string address ? Infrastructure.Security.PersonalData.MaskEmail(address) : value;
                switch (entry.State)
                {
                    case EntityState.Added when property.CurrentValue is not null:
                        json.WriteStartObject(camel);
                        Write(json, "to", Shown(property.CurrentValue));
                        json.WriteEndObject();
                        break;
                    case EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                        json.WriteStartObject(camel);
                        Write(json, "from", Shown(property.OriginalValue));
                        Write(json, "to", Shown(property.CurrentValue));
                        json.WriteEndObject();
                        break;
                    case EntityState.Deleted when property.OriginalValue is not null:
                        json.WriteStartObject(camel);
                        Write(json, "from", Shown(property.OriginalValue));
                        json.WriteEndObject();
                        break;
                }
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case string s: json.WriteString(name, s); break;
            case Enum e: json.WriteString(name, JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString())); break;
            case DateTime d: json.WriteString(name, DateTime.SpecifyKind(d, DateTimeKind.Utc)); break;
            case Guid g: json.WriteString(name, g); break;
            case bool b: json.WriteBoolean(name, b); break;
            case int i: json.WriteNumber(name, i); break;
            case long l: json.WriteNumber(name, l); break;
            case decimal m: json.WriteNumber(name, m); break;
            default:
                json.WritePropertyName(name);
                JsonSerializer.Serialize(json, value, value.GetType());
                break;
        }
    }

    /// <summary>An entity type's audited properties (all but the key and those marked <see cref="NotAuditedAttribute"/>) with their JSON names.</summary>
    private static (Microsoft.EntityFrameworkCore.Metadata.IProperty Property, string Camel, bool Email)[] Described(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) =>
        DescribedProperties.GetOrAdd(type, t => t.GetProperties()
            .Select(p => (Property: p, Clr: t.ClrType.GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance)))
            .Where(p => p.Property.Name != "Id" && p.Clr?.GetCustomAttribute<NotAuditedAttribute>() is null)
            .Select(p => (p.Property, JsonNamingPolicy.CamelCase.ConvertName(p.Property.Name), p.Clr?.GetCustomAttribute<AuditedMaskedEmailAttribute>() is not null))
            .ToArray());

    private static readonly ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IEntityType, (Microsoft.EntityFrameworkCore.Metadata.IProperty, string, bool)[]> DescribedProperties = new();

}
