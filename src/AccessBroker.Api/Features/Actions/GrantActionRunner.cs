using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Actions;

/// <summary>
/// The checks every brokered action passes before it touches the cluster: the caller owns the grant (404 otherwise,
/// as for any grant they cannot see), the grant is active and not past its end (409), and its role template lists
/// the action (403). The action then runs in the grant's namespace with the grant's own token.
/// </summary>
internal sealed class GrantActionRunner(AccessBrokerDbContext database, CurrentUser user, PolicyStore policies, TimeProvider time)
{
    public async Task<Outcome<T>> RunAsync<T>(Guid grantId, BrokeredAction action, Func<GrantIdentity, Task<Outcome<T>>> run, CancellationToken cancellationToken)
    {
        var grant = await database.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null || !user.Owns(grant))
        {
            return Failure.NotFound($"Grant {grantId}");
        }

        if (grant.Status != GrantStatus.Active || grant.EndsAt <= time.GetUtcNow() || GrantRevoker.ObjectsOf(grant) is not { } objects)
        {
            return Failure.Conflict($"Grant {grant.Id} is {(grant.Status == GrantStatus.Active ? "past its end" : grant.Status.ToString().ToLowerInvariant())}; request access again.");
        }

        if (policies.Current.FindRoleTemplate(grant.Role) is not { } template || !template.Actions.Contains(action))
        {
            return Failure.Forbidden($"Role '{grant.Role}' does not permit the {action.ToString().ToLowerInvariant()} action.");
        }

        try
        {
            return await run(new GrantIdentity(grant.Cluster, grant.Namespace, objects));
        }
        catch (ClusterException exception)
        {
            return Failure.FromCluster(exception);
        }
    }
}
