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
    /// Takes the next value of a counter in one statement (an upsert with RETURNING, which
    /// SQLite ≥ 3.35 and PostgreSQL both understand), inside the caller's transaction so a
    /// number is only used when the row that carries it is committed.
    /// </summary>
    public static async Task<long> NextAsync(this AppDbContext db, string name, CancellationToken ct)
    {
        var values = await db.Database
            .SqlQuery<long>($"INSERT INTO counters (name, value) VALUES ({name}, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value AS \"Value\"")
            .ToListAsync(ct);
        return values.Single();
    }
}
