using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Audit;

/// <summary>
/// An action under a grant names only the object it acts on; the grant's cluster and namespace, where it runs,
/// complete the target so the broker's records read like the cluster's own audit.
/// </summary>
public interface IGrantAuditScope
{
    ValueTask<AuditedAction> CompleteAsync(AuditedAction action, CancellationToken cancellationToken);
}

internal sealed class GrantAuditScope(AccessBrokerDbContext database) : IGrantAuditScope
{
    public async ValueTask<AuditedAction> CompleteAsync(AuditedAction action, CancellationToken cancellationToken)
    {
        if (action is not { GrantId: { } grantId, Target.Cluster: null })
        {
            return action;
        }

        var grant = await database.Grants.AsNoTracking().Where(g => g.Id == grantId)
            .Select(g => new { g.Cluster, g.Namespace, g.RequestId }).SingleOrDefaultAsync(cancellationToken);
        return grant is null
            ? action
            : action with { Target = action.Target with { Cluster = grant.Cluster, Namespace = grant.Namespace }, RequestId = grant.RequestId };
    }
}
