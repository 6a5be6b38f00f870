using AccessBroker.Api.Features.Requests;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;

namespace AccessBroker.Api.Features.Grants;

/// <summary>
/// Ends a grant on the cluster and in the database: RoleBinding first, then the ServiceAccount (which makes
/// every token of the grant invalid at once), then a SubjectAccessReview to confirm the grant's identity lost
/// what it could do, recorded in the audit log.
/// </summary>
internal sealed class GrantRevoker(AccessBrokerDbContext database, IClusterAccess clusters, IAuditLog audit, TimeProvider time, BrokerMetrics metrics)
{
    public async Task EndAsync(Grant grant, GrantStatus endedAs, AuditActor actor, string? reason, CancellationToken cancellationToken)
    {
        var objects = ObjectsOf(grant);
        if (objects is not null)
        {
            await clusters.RevokeAsync(grant.Cluster, objects, cancellationToken);
        }

        var stillAllowed = objects is not null
            && await clusters.CanAsync(grant.Cluster, objects, new AccessCheck("get", "pods", grant.Namespace), cancellationToken);

        grant.Status = endedAs;
        grant.EndedAt = time.GetUtcNow();
        grant.EndedBy = actor.Subject;
        grant.Version++;
        await database.SaveChangesAsync(cancellationToken);
        metrics.GrantEnded(grant, endedAs, actor.Subject);
        await audit.AppendAsync(
            new AuditEntry(endedAs == GrantStatus.Expired ? AuditActions.GrantExpired : AuditActions.GrantRevoked, actor, grant.Target(),
                stillAllowed ? AuditOutcome.Failed : AuditOutcome.Succeeded, reason ?? grant.Reason, grant.Id, grant.RequestId,
                new { endsAt = grant.EndsAt, endedAt = grant.EndedAt, accessCheckAfterRevoke = new { verb = "get", resource = "pods", @namespace = grant.Namespace, allowed = stillAllowed } }),
            cancellationToken);
    }

    public static GrantObjects? ObjectsOf(Grant grant) =>
        grant.ServiceAccountName is null || grant.ServiceAccountNamespace is null
            ? null
            : new GrantObjects(grant.ServiceAccountNamespace, grant.ServiceAccountName, grant.Namespace, grant.RoleBindingName ?? grant.ServiceAccountName);
}
