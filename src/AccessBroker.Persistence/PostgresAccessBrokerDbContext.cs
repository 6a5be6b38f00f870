using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Persistence;

/// <summary>The context used with PostgreSQL; its migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresAccessBrokerDbContext(DbContextOptions<PostgresAccessBrokerDbContext> options)
    : AccessBrokerDbContext(options);
