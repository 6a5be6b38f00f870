using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using Mediator;

namespace AccessBroker.Api.Features.Actions;

/// <summary>
/// What the action forms of an active grant offer: the actions its role permits, and the Deployments (replicas,
/// revisions with their images) and pods of its namespace, read with the grant's own token. A read, not audited as an
/// action; the cluster's refusal (a role that may not list them) comes back as a failure.
/// </summary>
public sealed record GetGrantWorkloads(Guid GrantId) : IQuery<Outcome<GrantWorkloads>>;

public sealed record GrantWorkloads(
    Guid GrantId, string Cluster, string Namespace, IReadOnlyList<BrokeredAction> Actions, IReadOnlyList<DeploymentState> Deployments, IReadOnlyList<string> Pods);

internal sealed class GetGrantWorkloadsHandler(GrantActionRunner runner, IGrantActions actions) : IQueryHandler<GetGrantWorkloads, Outcome<GrantWorkloads>>
{
    public async ValueTask<Outcome<GrantWorkloads>> Handle(GetGrantWorkloads query, CancellationToken cancellationToken) =>
        await runner.InspectAsync<GrantWorkloads>(query.GrantId, async (grant, template) =>
        {
            var workloads = await actions.ListWorkloadsAsync(grant, cancellationToken);
            return new GrantWorkloads(query.GrantId, grant.Cluster, grant.Namespace, template.Actions, workloads.Deployments, workloads.Pods);
        }, cancellationToken);
}
