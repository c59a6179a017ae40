using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Audit;

/// <summary>Entities whose every change is written to the audit log.</summary>
internal interface IAudited
{
    Guid Id { get; }
}

/// <summary>Left out of audit entries: ciphertexts and look-up hashes (the masked twin is audited instead).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class NotAuditedAttribute : Attribute;

/// <summary>An e-mail address audited masked (c******@example.cn): who changed it and when stays, the address does not.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AuditedMaskedEmailAttribute : Attribute;

/// <summary>Who did what to which record, when; before/after of changed fields, masked.</summary>
internal sealed class AuditEntry
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public Guid? ActorId { get; init; }
    public required string ActorName { get; init; }
    public required string EntityType { get; init; }
    public Guid EntityId { get; init; }
    public required string Action { get; init; }

    /// <summary>JSON object: field → {"from": …, "to": …}; or a reason for reads of personal data.</summary>
    public required string Changes { get; init; }

    /// <summary>An entry written by a use case itself (reveals, account actions), not by the change interceptor.</summary>
    public static AuditEntry Of(Infrastructure.Security.Actor actor, string entityType, Guid entityId, string action, System.Text.Json.Nodes.JsonObject details, DateTime at) => new()
    {
        At = at,
        ActorId = actor.UserId,
        ActorName = actor.Name,
        EntityType = entityType,
        EntityId = entityId,
        Action = action,
        Changes = details.ToJsonString(AuditJson.Options),
    };
}

internal static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Revealed = "revealed";
    public const string Merged = "merged";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.Property(a => a.ActorName).HasMaxLength(100);
        b.Property(a => a.EntityType).HasMaxLength(64);
        b.Property(a => a.Action).HasMaxLength(32);
        b.HasIndex(a => new { a.EntityType, a.EntityId, a.At });
        b.HasIndex(a => a.At);
        b.HasIndex(a => a.ActorId);
    }
}
