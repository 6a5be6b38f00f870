using AccessBroker.Core.Audit;
using AccessBroker.Core.Leadership;
using AccessBroker.Persistence.Audit;
using AccessBroker.Persistence.Leadership;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccessBroker.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AccessBrokerDbContext"/> backed by the configured provider's own derived context, so
    /// the application depends on one context type and each provider keeps its own migrations. The provider is
    /// read from validated <see cref="DatabaseSettings"/> when a context is first needed.
    /// </summary>
    public static IServiceCollection AddAccessBrokerPersistence(this IServiceCollection services)
    {
        services.AddDbContext<PostgresAccessBrokerDbContext>((provider, options) =>
            options.UseNpgsql(Settings(provider).EffectiveConnectionString));
        services.AddDbContext<SqliteAccessBrokerDbContext>((provider, options) =>
        {
            var connectionString = Settings(provider).EffectiveConnectionString;
            EnsureSqliteDirectoryExists(connectionString);
            options.UseSqlite(connectionString);
        });
        services.AddScoped<AccessBrokerDbContext>(provider => Settings(provider).Provider switch
        {
            DatabaseProvider.Postgres => provider.GetRequiredService<PostgresAccessBrokerDbContext>(),
            _ => provider.GetRequiredService<SqliteAccessBrokerDbContext>(),
        });
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<AuditMetrics>();
        services.AddSingleton<IAuditLog, DatabaseAuditLog>();
        return services;
    }

    /// <summary>Leadership through the database: a PostgreSQL advisory lock, or always this instance on SQLite.</summary>
    public static ILeaderLock CreateDatabaseLeaderLock(DatabaseSettings settings) =>
        settings.Provider == DatabaseProvider.Postgres
            ? new PostgresLeaderLock(settings.EffectiveConnectionString)
            : new SingleInstanceLeaderLock();

    private static DatabaseSettings Settings(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<DatabaseSettings>>().Value;

    private static void EnsureSqliteDirectoryExists(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Length == 0)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
