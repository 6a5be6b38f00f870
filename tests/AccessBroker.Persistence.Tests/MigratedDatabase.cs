using AccessBroker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccessBroker.Persistence.Tests;

/// <summary>A fresh database of one provider with every migration applied, and contexts opened on it.</summary>
internal sealed class MigratedDatabase : IAsyncDisposable
{
    private readonly TestDatabase database;

    private MigratedDatabase(TestDatabase database) => this.database = database;

    /// <summary>Migrates a fresh database, all the way or only up to <paramref name="upToMigration"/> (the name part of its id) to test a later migration on existing data.</summary>
    public static async Task<MigratedDatabase> CreateAsync(DatabaseProvider provider, string? upToMigration = null)
    {
        var migrated = new MigratedDatabase(await TestDatabase.CreateAsync(provider));
        await migrated.MigrateAsync(upToMigration);
        return migrated;
    }

    public async Task MigrateAsync(string? upToMigration = null)
    {
        await using var context = OpenContext();
        var target = upToMigration is null ? null : context.Database.GetMigrations().Single(id => id.EndsWith($"_{upToMigration}", StringComparison.Ordinal));
        await context.GetService<IMigrator>().MigrateAsync(target, TestContext.Current.CancellationToken);
    }

    public AccessBrokerDbContext OpenContext() => database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresAccessBrokerDbContext(
            new DbContextOptionsBuilder<PostgresAccessBrokerDbContext>().UseNpgsql(database.ConnectionString).Options),
        _ => new SqliteAccessBrokerDbContext(
            new DbContextOptionsBuilder<SqliteAccessBrokerDbContext>().UseSqlite(database.ConnectionString).Options),
    };

    /// <summary>The persistence services (with the audit writer) as the broker registers them, on this database.</summary>
    public ServiceProvider AuditServices(
        TimeProvider? time = null, long auditPartitionRecords = DatabaseSettings.DefaultAuditPartitionRecords, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        if (logs is not null)
        {
            services.AddLogging(logging => logging.AddProvider(logs));
        }

        services.Configure<DatabaseSettings>(settings =>
        {
            settings.Provider = database.Provider;
            settings.ConnectionString = database.ConnectionString;
            settings.AuditPartitionRecords = auditPartitionRecords;
        });
        services.AddAccessBrokerPersistence();
        return services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
