using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PayDesk.Features.Identity;

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
        AddEntries(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddEntries(DbContext? context)
    {
        if (context is null) return;
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
            if (entry.State == EntityState.Modified && changes.Count == 0) continue;
            entries.Add(new AuditEntry
            {
                At = now,
                ActorId = actor.UserId,
                ActorName = actor.Name,
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = entry.Entity.Id,
                Action = action,
                Changes = changes.ToJsonString(AuditJson.Options),
            });
        }
        if (entries.Count > 0) context.Set<AuditEntry>().AddRange(entries);
    }

    private static JsonObject Describe(EntityEntry<IAudited> entry)
    {
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name == "Id" || IsSkipped(entry.Metadata.ClrType, name)) continue;
            switch (entry.State)
            {
                case EntityState.Added when property.CurrentValue is not null:
                    changes[Camel(name)] = new JsonObject { ["to"] = ToNode(property.CurrentValue) };
                    break;
                case EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                    changes[Camel(name)] = new JsonObject { ["from"] = ToNode(property.OriginalValue), ["to"] = ToNode(property.CurrentValue) };
                    break;
                case EntityState.Deleted when property.OriginalValue is not null:
                    changes[Camel(name)] = new JsonObject { ["from"] = ToNode(property.OriginalValue) };
                    break;
            }
        }
        return changes;
    }

    private static bool IsSkipped(Type type, string property) => Skipped.GetOrAdd((type, property), key =>
        key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance)?.GetCustomAttribute<NotAuditedAttribute>() is not null);

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        Enum e => JsonValue.Create(JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString())),
        DateTime d => JsonValue.Create(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => JsonSerializer.SerializeToNode(value),
    };
}
