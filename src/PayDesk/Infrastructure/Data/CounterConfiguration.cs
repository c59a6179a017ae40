using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Infrastructure.Data;

internal sealed class CounterConfiguration : IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Counter> builder)
    {
        builder.ToTable("counters");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasColumnName("name").HasMaxLength(64);
        builder.Property(c => c.Value).HasColumnName("value");
    }
}

internal static class Counters
{
    /// <summary>
    /// Advances a counter by <paramref name="count"/> in one statement (an upsert with RETURNING,
    /// which SQLite ≥ 3.35 and PostgreSQL both understand) and returns its new value: the values
    /// new − count + 1 … new are the caller's. Runs in the caller's transaction when there is one.
    /// </summary>
    public static async Task<long> AdvanceAsync(this AppDbContext db, string name, long count, CancellationToken ct)
    {
        var values = await db.Database
            .SqlQuery<long>($"INSERT INTO counters (name, value) VALUES ({name}, {count}) ON CONFLICT (name) DO UPDATE SET value = counters.value + {count} RETURNING value AS \"Value\"")
            .ToListAsync(ct);
        return values.Single();
    }
}
