using AccessBroker.Core.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessBroker.Persistence.Configurations;

internal sealed class ApprovalConfiguration : IEntityTypeConfiguration<Approval>
{
    public void Configure(EntityTypeBuilder<Approval> builder)
    {
        builder.ToTable("approvals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.ApproverSubject).HasMaxLength(256);
        builder.Property(a => a.ApproverName).HasMaxLength(256);
        builder.Property(a => a.Comment).HasMaxLength(500);

        // One answer per approver: approvers are counted distinctly, and the database enforces it.
        builder.HasIndex(a => new { a.RequestId, a.ApproverSubject }).IsUnique();
    }
}
