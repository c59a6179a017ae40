using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Incidents;

/// <summary>
/// One entry in an incident's history (处理进展): what staff learned or did, a status change, and whether it was
/// sent to every linked customer (once per customer) or kept internal.
/// </summary>
internal sealed class IncidentUpdate : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid IncidentId { get; init; }
    public required string Text { get; init; }

    /// <summary>The status before and after, when this update changed it.</summary>
    public IncidentStatus? FromStatus { get; init; }
    public IncidentStatus? ToStatus { get; init; }

    /// <summary>Sent to the linked customers (one notice each, on their own channel) rather than kept internal.</summary>
    public bool SentToCustomers { get; init; }

    /// <summary>How many customers were sent a notice, and how many complaints got the public message.</summary>
    public int CustomersNotified { get; init; }
    public int ComplaintsAnswered { get; init; }
    public Guid? AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class IncidentUpdateConfiguration : IEntityTypeConfiguration<IncidentUpdate>
{
    public void Configure(EntityTypeBuilder<IncidentUpdate> b)
    {
        b.ToTable("incident_updates");
        b.Property(u => u.Text).HasMaxLength(2000);
        b.Property(u => u.FromStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(u => u.ToStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(u => u.AuthorName).HasMaxLength(100);
        b.HasIndex(u => new { u.IncidentId, u.CreatedAt });
        b.HasOne<Incident>().WithMany().HasForeignKey(u => u.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Incident numbers, INC-YYYYMMDD-NNNN, counted per service-centre (Beijing) day.</summary>
internal sealed class IncidentNumberAllocator(IServiceScopeFactory scopes)
{
    public static string Format(DateOnly day, long sequence) => $"INC-{day:yyyyMMdd}-{sequence:D4}";

    public async Task<string> NextAsync(DateTime utc, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Complaints.ServiceTime.China));
        // Its own short write, like the ticket allocator's blocks: a number is never given twice, a failed open leaves a gap.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.BeginWriteAsync(ct);
        var value = await db.AdvanceAsync($"incident:{day:yyyyMMdd}", 1, ct);
        await tx.CommitAsync(ct);
        return Format(day, value);
    }
}
