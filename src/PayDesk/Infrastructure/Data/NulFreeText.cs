using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PayDesk.Infrastructure.Data;

/// <summary>
/// NUL characters are taken out of every text written: PostgreSQL refuses them in text ("invalid byte sequence for
/// encoding UTF8: 0x00"), so a complaint whose words carried one (pasted from a binary file, or sent on purpose) was a
/// 500 there, and SQLite would keep what PostgreSQL cannot. A NUL means nothing in anyone's words. Half of a character
/// written as two UTF-16 units (a lone surrogate: an emoji cut in two by a length limit somewhere) becomes U+FFFD, the
/// replacement mark: Npgsql's strict UTF-8 encoder throws on it (a 500, and an SMS gateway that redelivers for ever),
/// while SQLite's driver stores the same mark. Runs after the audit
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
                if (values[property] is string text && Cleaned(text) is { } cleaned) values[property] = cleaned;
            }
        }
    }

    /// <summary><paramref name="text"/> without NULs and with lone surrogates replaced, or null when it has neither.</summary>
    internal static string? Cleaned(string text)
    {
        var span = text.AsSpan();
        var first = span.IndexOf('\0');
        var surrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0 && surrogate < 0) return null;
        var start = first < 0 ? surrogate : surrogate < 0 ? first : Math.Min(first, surrogate);
        var builder = new System.Text.StringBuilder(text.Length);
        builder.Append(span[..start]);
        var changed = false;
        for (var i = start; i < span.Length; i++)
        {
            var c = span[i];
            if (c == '\0')
            {
                changed = true;
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                builder.Append(c).Append(span[++i]);
                continue;
            }
            if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
                changed = true;
                continue;
            }
            builder.Append(c);
        }
        return changed ? builder.ToString() : null;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IEntityType, Microsoft.EntityFrameworkCore.Metadata.IProperty[]> Texts = new();

    private static Microsoft.EntityFrameworkCore.Metadata.IProperty[] TextProperties(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) =>
        Texts.GetOrAdd(type, t => t.GetProperties().Where(p => p.ClrType == typeof(string)).ToArray());
}
