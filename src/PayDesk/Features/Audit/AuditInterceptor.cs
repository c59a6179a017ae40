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
    private static readonly ConcurrentDictionary<(Type, string), bool> Skipped = new();

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
        context.ChangeTracker.DetectChanges();
        var actor = actors.Current;
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = new List<AuditEntry>();
        foreach (var entry in context.ChangeTracker.Entries<IAudited>())
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
        if (entries.Count > 0) context.Set<AuditEntry>().AddRange(entries);
    }

    /// <summary>field → {"from":…,"to":…} written straight to UTF-8: this runs inside every write.</summary>
    private static string Describe(EntityEntry<IAudited> entry)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AuditJson.Options.Encoder }))
        {
            json.WriteStartObject();
            foreach (var property in entry.Properties)
            {
                var name = property.Metadata.Name;
                if (name == "Id" || IsSkipped(entry.Metadata.ClrType, name)) continue;
                switch (entry.State)
                {
                    case EntityState.Added when property.CurrentValue is not null:
                        json.WriteStartObject(Camel(name));
                        Write(json, "to", property.CurrentValue);
                        json.WriteEndObject();
                        break;
                    case EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                        json.WriteStartObject(Camel(name));
                        Write(json, "from", property.OriginalValue);
                        Write(json, "to", property.CurrentValue);
                        json.WriteEndObject();
                        break;
                    case EntityState.Deleted when property.OriginalValue is not null:
                        json.WriteStartObject(Camel(name));
                        Write(json, "from", property.OriginalValue);
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

    private static readonly ConcurrentDictionary<string, string> CamelNames = new();

    private static bool IsSkipped(Type type, string property) => Skipped.GetOrAdd((type, property), key =>
        key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance)?.GetCustomAttribute<NotAuditedAttribute>() is not null);

    private static string Camel(string name) => CamelNames.GetOrAdd(name, JsonNamingPolicy.CamelCase.ConvertName);

}
