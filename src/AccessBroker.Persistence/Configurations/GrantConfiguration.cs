using AccessBroker.Core.Grants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessBroker.Persistence.Configurations;

internal sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> builder)
    {
        builder.ToTable("grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.ComplexProperty(g => g.Requester, p => p.MapPerson("Requester"));
        builder.Property(g => g.Cluster).HasMaxLength(63);
        builder.Property(g => g.Namespace).HasMaxLength(63);
        builder.Property(g => g.Role).HasMaxLength(63);
        builder.Property(g => g.Reason).HasMaxLength(500);
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Approvers).HasJsonConversion();
        builder.Property(g => g.ServiceAccountNamespace).HasMaxLength(63);
        builder.Property(g => g.ServiceAccountName).HasMaxLength(253);
        builder.Property(g => g.RoleBindingName).HasMaxLength(253);
        builder.Property(g => g.FailureReason).HasMaxLength(2000);
        builder.Property(g => g.EndedBy).HasMaxLength(256);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasIndex(g => g.RequestId).IsUnique();
        builder.HasIndex(g => new { g.Status, g.EndsAt });
    }
}
