using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Assistant;

/// <summary>
/// A trained intent model, versioned. `paydesk assistant train` adds one; it becomes the active
/// model only if it scores at least as well as the active one on the fixed evaluation set.
/// </summary>
internal sealed class AssistantModelVersion
{
    public long Id { get; init; }
    public int Version { get; init; }
    public DateTime CreatedAt { get; init; }
    public int Examples { get; init; }
    public int Intents { get; init; }
    public double Accuracy { get; init; }
    public bool Active { get; set; }
    public required string Sources { get; init; }
    public required byte[] Payload { get; init; }
}

internal sealed class AssistantModelVersionConfiguration : IEntityTypeConfiguration<AssistantModelVersion>
{
    public void Configure(EntityTypeBuilder<AssistantModelVersion> b)
    {
        b.ToTable("assistant_models");
        b.Property(m => m.Sources).HasMaxLength(500);
        b.HasIndex(m => m.Version).IsUnique();
        b.HasIndex(m => m.Active);
    }
}
