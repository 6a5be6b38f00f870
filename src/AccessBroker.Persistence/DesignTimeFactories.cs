using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AccessBroker.Persistence;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAccessBrokerDbContext>
{
    public PostgresAccessBrokerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAccessBrokerDbContext>()
            .UseNpgsql("Host=localhost;Database=accessbroker_design")
            .Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAccessBrokerDbContext>
{
    public SqliteAccessBrokerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAccessBrokerDbContext>()
            .UseSqlite("Data Source=design.db")
            .Options);
}
