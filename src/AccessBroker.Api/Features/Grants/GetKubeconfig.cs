using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Grants;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Grants;

/// <summary>A kubeconfig for the caller's active grant whose user runs <c>abctl credential</c> as exec plugin.</summary>
public sealed record GetKubeconfig(Guid GrantId, Uri BrokerUrl) : IQuery<Outcome<string>>;

internal sealed class GetKubeconfigHandler(AccessBrokerDbContext database, CurrentUser user, IClusterAccess clusters)
    : IQueryHandler<GetKubeconfig, Outcome<string>>
{
    public async ValueTask<Outcome<string>> Handle(GetKubeconfig query, CancellationToken cancellationToken)
    {
        var grant = await database.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == query.GrantId, cancellationToken);
        if (grant is null || !user.Owns(grant))
        {
            return Failure.NotFound($"Grant {query.GrantId}");
        }

        if (grant.Status != GrantStatus.Active)
        {
            return Failure.Conflict($"Grant {grant.Id} is {grant.Status.ToString().ToLowerInvariant()}; only active grants have a kubeconfig.");
        }

        return KubeconfigRendering.ForGrant(clusters.GetEndpoint(grant.Cluster), grant.Cluster, grant.Namespace, grant.Id, query.BrokerUrl);
    }
}
