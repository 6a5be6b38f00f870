using AccessBroker.Api.Features.Requests;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Leadership;
using AccessBroker.Core.Requests;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Features.Grants;

/// <summary>
/// Takes access away on time. Every <see cref="GrantSettings.ExpiryInterval"/> — and at start-up, so a broker that
/// was down when a grant ended revokes it as soon as it is back — it ends grants past their end and expires
/// requests that waited too long; every <see cref="GrantSettings.OrphanSweepInterval"/> it deletes cluster objects
/// labelled as AccessBroker's that no live grant owns. Only the leader replica does this.
/// </summary>
internal sealed partial class GrantExpiryService(
    IServiceScopeFactory scopes, ILeaderLock leader, TimeProvider time, IOptions<GrantSettings> settings, BrokerMetrics metrics, ILogger<GrantExpiryService> logger)
    : BackgroundService
{
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.ExpiryInterval, time);
        do
        {
            try
            {
                if (await leader.TryHoldAsync(stoppingToken))
                {
                    await RunOnceAsync(stoppingToken);
                }
                else
                {
                    metrics.ActiveGrantsCounted(new Dictionary<string, int>());
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPassFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: expiry, then the orphan sweep when it is due.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>();
        var now = time.GetUtcNow();
        await ExpireGrantsAsync(database, scope.ServiceProvider.GetRequiredService<GrantRevoker>(), now, cancellationToken);
        await ExpireRequestsAsync(database, scope.ServiceProvider.GetRequiredService<IAuditLog>(), now, cancellationToken);
        await CountActiveGrantsAsync(database, scope.ServiceProvider.GetRequiredService<IClusterAccess>(), cancellationToken);
        if (now >= nextSweep)
        {
            await scope.ServiceProvider.GetRequiredService<OrphanSweeper>().SweepAsync(now, cancellationToken);
            nextSweep = now + settings.Value.OrphanSweepInterval;
        }
    }

    private async Task ExpireGrantsAsync(AccessBrokerDbContext database, GrantRevoker revoker, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ended = await database.Grants.Where(g => g.Status == GrantStatus.Active && g.EndsAt <= now).OrderBy(g => g.EndsAt).ToListAsync(cancellationToken);
        foreach (var grant in ended)
        {
            try
            {
                await revoker.EndAsync(grant, GrantStatus.Expired, AuditActor.System, "grant reached its end", cancellationToken);
                LogExpired(grant.Id, now - grant.EndsAt);
            }
            catch (ClusterException exception)
            {
                LogExpiryFailed(grant.Id, grant.Cluster, exception.Message);
            }
        }
    }

    /// <summary>Every configured cluster is reported, with 0 when it has no active grant, so the gauge drops to 0 instead of vanishing.</summary>
    private async Task CountActiveGrantsAsync(AccessBrokerDbContext database, IClusterAccess clusters, CancellationToken cancellationToken)
    {
        var counts = await database.Grants.Where(g => g.Status == GrantStatus.Active)
            .GroupBy(g => g.Cluster).Select(g => new { Cluster = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Cluster, g => g.Count, StringComparer.Ordinal, cancellationToken);
        metrics.ActiveGrantsCounted(clusters.ClusterNames.Concat(counts.Keys).Distinct(StringComparer.Ordinal)
            .ToDictionary(cluster => cluster, cluster => counts.GetValueOrDefault(cluster), StringComparer.Ordinal));
    }

    private static async Task ExpireRequestsAsync(AccessBrokerDbContext database, IAuditLog audit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stale = await database.AccessRequests.Where(r => r.Status == AccessRequestStatus.Pending && r.PendingUntil <= now).ToListAsync(cancellationToken);
        foreach (var request in stale)
        {
            request.Close(AccessRequestStatus.Expired, "no decision before the request expired", now);
            await database.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(
                new AuditEntry(AuditActions.RequestExpired, AuditActor.System, request.Target(), AuditOutcome.Succeeded, request.Reason, RequestId: request.Id),
                cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grant {GrantId} expired ({Late} after its end)")]
    private partial void LogExpired(Guid grantId, TimeSpan late);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grant {GrantId} could not be expired on cluster {Cluster}, retrying next pass: {Error}")]
    private partial void LogExpiryFailed(Guid grantId, string cluster, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiry pass failed")]
    private partial void LogPassFailed(Exception exception);
}
