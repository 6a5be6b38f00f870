using AccessBroker.Core.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessBroker.Persistence.Configurations;

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> builder)
    {
        builder.ToTable("access_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.ComplexProperty(r => r.Requester, p => p.MapPerson("Requester"));
        builder.Property(r => r.Cluster).HasMaxLength(63);
        builder.Property(r => r.Namespace).HasMaxLength(63);
        builder.Property(r => r.Role).HasMaxLength(63);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Policy).HasMaxLength(63);
        builder.Property(r => r.ApproverGroups).HasJsonConversion();
        builder.Property(r => r.IdempotencyKey).HasMaxLength(128);
        builder.Property(r => r.ClosingComment).HasMaxLength(500);
        builder.HasMany(r => r.Approvals).WithOne().HasForeignKey(a => a.RequestId);
        builder.HasIndex(r => r.Status);
        builder.HasIndex(r => r.CreatedAt);
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();
    }
}
