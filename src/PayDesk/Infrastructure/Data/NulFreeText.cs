using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PayDesk.Infrastructure.Data;

/// <summary>
/// NUL characters are taken out of every text written: PostgreSQL refuses them in text ("invalid byte sequence for
/// encoding UTF8: 0x00"), so a complaint whose words carried one (pasted from a binary file, or sent on purpose) was a
/// 500 there, and SQLite would keep what PostgreSQL cannot. A NUL means nothing in anyone's words. Runs after the audit
/// interceptor (which detected the changes) and before the search index reads the text. On SQLite a save queued for the
/// single writer is cleaned before it queues (<see cref="AppDbContext.PreparedForWriter"/>), so the writer's thread does not.
/// </summary>
internal sealed class NulFreeText : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Clean(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Clean(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public static void Clean(DbContext? context)
    {
        if (context is null or AppDbContext { PreparedForWriter: true }) return;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var texts = TextProperties(entry.Metadata);
            if (texts.Length == 0) continue;
            var values = entry.CurrentValues;
            foreach (var property in texts)
            {
                if (values[property] is string text && text.Contains('\0')) values[property] = text.Replace("\0", "", StringComparison.Ordinal);
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IEntityType, Microsoft.EntityFrameworkCore.Metadata.IProperty[]> Texts = new();

    private static Microsoft.EntityFrameworkCore.Metadata.IProperty[] TextProperties(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) =>
        Texts.GetOrAdd(type, t => t.GetProperties().Where(p => p.ClrType == typeof(string)).ToArray());
}
