using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AccessBroker.Persistence;

/// <summary>The context used with SQLite; its migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteAccessBrokerDbContext(DbContextOptions<SqliteAccessBrokerDbContext> options)
    : AccessBrokerDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date/time or interval type: EF Core stores DateTimeOffset as text, which it cannot
        // order or compare in SQL. Storing UTC ticks keeps range filters and ordering in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<TimeSpan>().HaveConversion<TimeSpanToTicksConverter>();
    }
}
