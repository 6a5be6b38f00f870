using AccessBroker.Api.Features.Requests;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Features.Grants;

/// <summary>
/// Deletes ServiceAccounts and RoleBindings labelled as AccessBroker's that no live grant owns — leftovers of a
/// crash between a cluster call and the database commit. A grant still <c>Provisioning</c> after
/// <see cref="GrantSettings.ProvisioningTimeout"/> was interrupted: it is marked failed and its objects go too.
/// </summary>
internal sealed partial class OrphanSweeper(
    AccessBrokerDbContext database, IClusterAccess clusters, IAuditLog audit, IOptions<GrantSettings> settings, BrokerMetrics metrics, ILogger<OrphanSweeper> logger)
{
    public async Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var provisioningSince = now - settings.Value.ProvisioningTimeout;
        await FailInterruptedProvisioningAsync(provisioningSince, now, cancellationToken);
        var live = (await database.Grants.AsNoTracking()
                .Where(g => g.Status == GrantStatus.Active || (g.Status == GrantStatus.Provisioning && g.StartsAt > provisioningSince))
                .Select(g => g.Id)
                .ToListAsync(cancellationToken))
            .ToHashSet();

        foreach (var cluster in clusters.ClusterNames)
        {
            try
            {
                foreach (var orphan in (await clusters.ListManagedObjectsAsync(cluster, cancellationToken)).Where(o => o.GrantId is not { } id || !live.Contains(id)))
                {
                    await clusters.DeleteManagedObjectAsync(cluster, orphan, cancellationToken);
                    LogOrphanRemoved(cluster, orphan.Kind, orphan.Namespace, orphan.Name);
                    await audit.AppendAsync(
                        new AuditEntry(AuditActions.GrantOrphanRemoved, AuditActor.System, new AuditTarget(cluster, orphan.Namespace, orphan.Kind, orphan.Name),
                            AuditOutcome.Succeeded, "no live grant owns this object", orphan.GrantId),
                        cancellationToken);
                }
            }
            catch (ClusterException exception)
            {
                LogSweepFailed(cluster, exception.Message);
            }
        }
    }

    private async Task FailInterruptedProvisioningAsync(DateTimeOffset provisioningSince, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var interrupted = await database.Grants
            .Where(g => g.Status == GrantStatus.Provisioning && g.StartsAt <= provisioningSince)
            .ToListAsync(cancellationToken);
        foreach (var grant in interrupted)
        {
            grant.Status = GrantStatus.Failed;
            grant.FailureReason = "provisioning was interrupted (broker stopped or crashed); request access again";
            grant.EndedAt = now;
            grant.Version++;
            await database.SaveChangesAsync(cancellationToken);
            metrics.GrantFailed(grant, interrupted: true);
            await audit.AppendAsync(
                new AuditEntry(AuditActions.GrantFailed, AuditActor.System, grant.Target(), AuditOutcome.Failed, grant.FailureReason, grant.Id, grant.RequestId),
                cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {Cluster}: removed orphaned {Kind} {Namespace}/{Name}")]
    private partial void LogOrphanRemoved(string cluster, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster {Cluster}: orphan sweep failed: {Error}")]
    private partial void LogSweepFailed(string cluster, string error);
}
