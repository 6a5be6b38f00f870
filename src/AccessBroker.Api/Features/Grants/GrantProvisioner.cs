using AccessBroker.Api.Clusters;
using AccessBroker.Api.Features.Requests;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Requests;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Features.Grants;

/// <summary>
/// Turns an approved request into a grant: the grant row is saved as <c>Provisioning</c> first, so a crash
/// after the cluster call leaves a record the orphan sweep can act on; then the ServiceAccount and RoleBinding
/// are created (transient cluster errors retried with backoff) and the grant becomes <c>Active</c>, or
/// <c>Failed</c> with the cluster's message. The grant's time counts from approval.
/// </summary>
internal sealed partial class GrantProvisioner(
    AccessBrokerDbContext database,
    IClusterAccess clusters,
    ClusterStatus clusterStatus,
    IAuditLog audit,
    TimeProvider time,
    IOptions<GrantSettings> settings,
    BrokerMetrics metrics,
    ILogger<GrantProvisioner> logger)
{
    public async Task<Grant> ActivateAsync(AccessRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var grant = new Grant
        {
            Id = Guid.CreateVersion7(now),
            RequestId = request.Id,
            Requester = request.Requester,
            Cluster = request.Cluster,
            Namespace = request.Namespace,
            Role = request.Role,
            Reason = request.Reason,
            Status = GrantStatus.Provisioning,
            StartsAt = now,
            EndsAt = now + request.Duration,
            Approvers = request.Approvals.Where(a => a.Approved).Select(a => a.ApproverSubject).ToArray(),
        };
        database.Grants.Add(grant);
        await database.SaveChangesAsync(cancellationToken);

        try
        {
            var objects = await ProvisionWithRetryAsync(grant, cancellationToken);
            grant.ServiceAccountNamespace = objects.ServiceAccountNamespace;
            grant.ServiceAccountName = objects.ServiceAccountName;
            grant.RoleBindingName = objects.RoleBindingName;
            grant.Status = GrantStatus.Active;
            grant.Version++;
            await database.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(
                new AuditEntry(AuditActions.GrantActivated, actor, grant.Target(), AuditOutcome.Succeeded, grant.Reason, grant.Id, grant.RequestId,
                    new { endsAt = grant.EndsAt, serviceAccount = $"{objects.ServiceAccountNamespace}/{objects.ServiceAccountName}", roleBinding = objects.RoleBindingName, clusterRole = GrantObjectNames.ClusterRoleFor(grant.Role) }),
                cancellationToken);
            metrics.GrantActivated(grant);
        }
        catch (ClusterException exception)
        {
            LogProvisioningFailed(grant.Id, grant.Cluster, exception.Message);
            grant.Status = GrantStatus.Failed;
            grant.FailureReason = exception.Message;
            grant.EndedAt = time.GetUtcNow();
            grant.Version++;
            await database.SaveChangesAsync(CancellationToken.None);
            metrics.GrantFailed(grant, interrupted: false);
            await audit.AppendAsync(
                new AuditEntry(AuditActions.GrantFailed, actor, grant.Target(), AuditOutcome.Failed, exception.Message, grant.Id, grant.RequestId),
                CancellationToken.None);
        }

        return grant;
    }

    private async Task<GrantObjects> ProvisionWithRetryAsync(Grant grant, CancellationToken cancellationToken)
    {
        if (clusterStatus.TemplatesNotInPlace(grant.Cluster).Contains(grant.Role, StringComparer.Ordinal))
        {
            throw new ClusterException(grant.Cluster, null,
                $"ClusterRole {GrantObjectNames.ClusterRoleFor(grant.Role)} is missing or differs from role template '{grant.Role}'; the platform team must apply it (abctl rbac render).",
                isTransient: false);
        }

        var provisioning = new GrantProvisioning(grant.Id, grant.Namespace, grant.Role, grant.EndsAt);
        var delay = settings.Value.ProvisioningBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await clusters.ProvisionAsync(grant.Cluster, provisioning, cancellationToken);
            }
            catch (ClusterException exception) when (exception.IsTransient && attempt < settings.Value.ProvisioningAttempts)
            {
                LogProvisioningRetry(grant.Id, attempt, exception.Message);
                await Task.Delay(delay, time, cancellationToken);
                delay *= 2;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grant {GrantId}: provisioning attempt {Attempt} failed, retrying: {Error}")]
    private partial void LogProvisioningRetry(Guid grantId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grant {GrantId} on cluster {Cluster} failed: {Error}")]
    private partial void LogProvisioningFailed(Guid grantId, string cluster, string error);
}
