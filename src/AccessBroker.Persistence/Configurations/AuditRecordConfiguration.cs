using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessBroker.Persistence.Configurations;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("audit_records");

        // The audit writer assigns sequences itself: the hash chain needs them gap-free and in write order.
        builder.HasKey(r => r.Sequence);
        builder.Property(r => r.Sequence).ValueGeneratedNever();

        // No index on Id: no query looks a record up by it, and a UUID v7 is unique by construction. Every index
        // costs each append an insertion, so only the filters' indexes remain.
        builder.Property(r => r.Action).HasMaxLength(64);
        builder.Property(r => r.ActorSubject).HasMaxLength(256);
        builder.Property(r => r.ActorName).HasMaxLength(256);
        builder.Property(r => r.ActorGroups).HasJsonConversion();
        builder.Property(r => r.ActorIp).HasMaxLength(64);
        builder.Property(r => r.ActorUserAgent).HasMaxLength(512);
        builder.Property(r => r.TargetCluster).HasMaxLength(63);
        builder.Property(r => r.TargetNamespace).HasMaxLength(63);
        builder.Property(r => r.TargetKind).HasMaxLength(64);
        builder.Property(r => r.TargetName).HasMaxLength(253);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.TraceId).HasMaxLength(64);
        builder.Property(r => r.PreviousHash).HasMaxLength(64);
        builder.Property(r => r.Hash).HasMaxLength(64);

        // Indexes follow the audit filters; each ends in Sequence so cursor pages are index range scans.
        builder.HasIndex(r => new { r.ActorSubject, r.Sequence });
        builder.HasIndex(r => new { r.Action, r.Sequence });
        builder.HasIndex(r => new { r.TargetCluster, r.TargetNamespace, r.Sequence });
        builder.HasIndex(r => new { r.GrantId, r.Sequence });
        builder.HasIndex(r => new { r.RequestId, r.Sequence });

        // Almost every record succeeds: indexing only the others serves outcome=Denied/Failed/Intended and spares
        // each append one index insertion.
        builder.HasIndex(r => new { r.Outcome, r.Sequence }).HasFilter("\"Outcome\" <> 'Succeeded'");
        builder.HasIndex(r => new { r.Time, r.Sequence });
    }
}
