using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Infrastructure;

/// <summary>
/// Applies pending migrations before the server starts listening (hosted services start before Kestrel),
/// unless <c>Database:ApplyMigrationsAtStartup</c> is false.
/// </summary>
internal sealed class DatabaseMigrationService(IServiceScopeFactory scopes, IOptions<DatabaseSettings> settings, ILogger<DatabaseMigrationService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Value.ApplyMigrationsAtStartup)
        {
            logger.LogInformation("Database migrations at start-up are disabled");
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>();
        var pending = (await database.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await database.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database {Provider} migrated ({Count} migrations applied)", settings.Value.Provider, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
