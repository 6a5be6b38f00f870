using AccessBroker.Core.Policies;
using Mediator;

namespace AccessBroker.Api.Features.Policies;

/// <summary>The policy set in force: its hash, role templates (with rules and actions) and access policies.</summary>
public sealed record ListPolicies : IQuery<PolicySetView>;

public sealed record PolicySetView(string Sha256, IReadOnlyList<RoleTemplateView> RoleTemplates, IReadOnlyList<AccessPolicyView> Policies);

public sealed record RoleTemplateView(string Name, string Description, IReadOnlyList<PolicyRule> Rules, IReadOnlyList<BrokeredAction> Actions);

public sealed record AccessPolicyView(
    string Name,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Users,
    IReadOnlyList<string> Clusters,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> Roles,
    TimeSpan? MaxDuration,
    ApprovalRequirement Approval,
    IReadOnlyList<ConditionView> Conditions);

public sealed record ConditionView(string Expression, string Message);

internal sealed class ListPoliciesHandler(PolicyStore store) : IQueryHandler<ListPolicies, PolicySetView>
{
    public ValueTask<PolicySetView> Handle(ListPolicies query, CancellationToken cancellationToken)
    {
        var set = store.Current;
        return ValueTask.FromResult(new PolicySetView(
            set.Sha256,
            set.RoleTemplates.Select(t => new RoleTemplateView(t.Name, t.Description, t.Rules, t.Actions)).ToArray(),
            set.Policies.Select(p => new AccessPolicyView(
                p.Name, p.Subjects.Groups, p.Subjects.Users,
                p.Clusters.Select(g => g.Pattern).ToArray(), p.Namespaces.Select(g => g.Pattern).ToArray(),
                p.Roles, p.MaxDuration, p.Approval, p.Conditions.Select(c => new ConditionView(c.Expression, c.Message)).ToArray())).ToArray()));
    }
}
