using AccessBroker.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccessBroker.Api.Infrastructure;

/// <summary>Ready only while the database answers.</summary>
internal sealed class DatabaseHealthCheck(AccessBrokerDbContext database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await database.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database not reachable");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database not reachable: " + exception.GetType().Name);
        }
    }
}
