using AccessBroker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Persistence.Tests;

/// <summary>A fresh database of one provider with every migration applied, and contexts opened on it.</summary>
internal sealed class MigratedDatabase : IAsyncDisposable
{
    private readonly TestDatabase database;

    private MigratedDatabase(TestDatabase database) => this.database = database;

    public static async Task<MigratedDatabase> CreateAsync(DatabaseProvider provider)
    {
        var migrated = new MigratedDatabase(await TestDatabase.CreateAsync(provider));
        await using var context = migrated.OpenContext();
        await context.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return migrated;
    }

    public AccessBrokerDbContext OpenContext() => database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresAccessBrokerDbContext(
            new DbContextOptionsBuilder<PostgresAccessBrokerDbContext>().UseNpgsql(database.ConnectionString).Options),
        _ => new SqliteAccessBrokerDbContext(
            new DbContextOptionsBuilder<SqliteAccessBrokerDbContext>().UseSqlite(database.ConnectionString).Options),
    };

    /// <summary>The persistence services (with the audit writer) as the broker registers them, on this database.</summary>
    public ServiceProvider AuditServices(TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        services.Configure<DatabaseSettings>(settings =>
        {
            settings.Provider = database.Provider;
            settings.ConnectionString = database.ConnectionString;
        });
        services.AddAccessBrokerPersistence();
        return services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
