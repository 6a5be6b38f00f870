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
    public Task<Outcome<T>> RunAsync<T>(Guid grantId, BrokeredAction action, Func<GrantIdentity, Task<Outcome<T>>> run, CancellationToken cancellationToken) =>
        RunAsync(grantId, action, (identity, _) => run(identity), cancellationToken);

    /// <summary>Runs <paramref name="read"/> under an active grant the caller owns, whatever actions its role permits; it gets the role template.</summary>
    public Task<Outcome<T>> InspectAsync<T>(Guid grantId, Func<GrantIdentity, RoleTemplate, Task<Outcome<T>>> read, CancellationToken cancellationToken) =>
        RunAsync(grantId, null, read, cancellationToken);

    private async Task<Outcome<T>> RunAsync<T>(
        Guid grantId, BrokeredAction? action, Func<GrantIdentity, RoleTemplate, Task<Outcome<T>>> run, CancellationToken cancellationToken)
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

        var template = policies.Current.FindRoleTemplate(grant.Role);
        if (template is null || (action is { } wanted && !template.Actions.Contains(wanted)))
        {
            return Failure.Forbidden($"Role '{grant.Role}' does not permit the {action?.ToString().ToLowerInvariant() ?? "brokered"} action{(action is null ? "s" : string.Empty)}.");
        }

        try
        {
            return await run(new GrantIdentity(grant.Cluster, grant.Namespace, objects), template);
        }
        catch (ClusterException exception)
        {
            return Failure.FromCluster(exception);
        }
    }
}
