using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Requests;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Persistence;

/// <summary>
/// The broker's database. Each provider has a derived context that owns its own migrations
/// (EF Core's "migrations with multiple providers"), so PostgreSQL and SQLite schemas evolve side by side.
/// </summary>
public abstract class AccessBrokerDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();

    public DbSet<Approval> Approvals => Set<Approval>();

    public DbSet<Grant> Grants => Set<Grant>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AccessBrokerDbContext).Assembly);

        // The embedded OpenID Connect provider's applications, authorizations, scopes and tokens (device codes,
        // refresh tokens); unused tables when an external provider is configured.
        modelBuilder.UseOpenIddict();
    }
}
