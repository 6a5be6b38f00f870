using AccessBroker.Api.Features.Policies;
using AccessBroker.Api.Identity;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using Mediator;

namespace AccessBroker.Api.Features.Me;

/// <summary>
/// What the caller may ask for: every policy whose subjects include them and that can grant (not a deny policy), with
/// the configured clusters its globs match, its namespace patterns, its roles (with their templates), maximum duration
/// and approval. It is a menu, not a decision: conditions and deny policies are applied when a request is evaluated.
/// </summary>
public sealed record GetRequestableAccess : IQuery<RequestableAccess>;

public sealed record RequestableAccess(IReadOnlyList<RequestableScope> Scopes, IReadOnlyList<RoleTemplateView> Roles)
{
    public IReadOnlyList<string> Clusters => Scopes.SelectMany(scope => scope.Clusters).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Namespace patterns, exact names first; a pattern with <c>*</c> or <c>?</c> stands for many namespaces.</summary>
    public IReadOnlyList<string> Namespaces => Scopes.SelectMany(scope => scope.Namespaces).Distinct(StringComparer.Ordinal)
        .OrderBy(pattern => pattern.AsSpan().IndexOfAny('*', '?') >= 0).ThenBy(pattern => pattern, StringComparer.Ordinal).ToArray();

    public TimeSpan? LongestDuration => Scopes.Count == 0 ? null : Scopes.Max(scope => scope.MaxDuration);
}

public sealed record RequestableScope(
    string Policy, IReadOnlyList<string> Clusters, IReadOnlyList<string> Namespaces, IReadOnlyList<string> Roles, TimeSpan MaxDuration,
    ApprovalRequirement Approval, IReadOnlyList<string> Conditions);

internal sealed class GetRequestableAccessHandler(PolicyStore store, CurrentUser user, IClusterAccess clusters) : IQueryHandler<GetRequestableAccess, RequestableAccess>
{
    public ValueTask<RequestableAccess> Handle(GetRequestableAccess query, CancellationToken cancellationToken)
    {
        var set = store.Current;
        var caller = user.ToPolicyUser();
        var configured = clusters.ClusterNames.Order(StringComparer.Ordinal).ToArray();
        var scopes = set.Policies
            .Where(policy => !policy.IsDeny && policy.MaxDuration is not null && policy.Subjects.Matches(caller))
            .Select(policy => new RequestableScope(
                policy.Name,
                configured.Where(cluster => Glob.AnyMatch(policy.Clusters, cluster)).ToArray(),
                policy.Namespaces.Select(glob => glob.Pattern).ToArray(),
                policy.Roles.Where(role => set.FindRoleTemplate(role) is not null).ToArray(),
                policy.MaxDuration!.Value,
                policy.Approval,
                policy.Conditions.Select(condition => condition.Message).ToArray()))
            .Where(scope => scope.Clusters.Count > 0 && scope.Roles.Count > 0)
            .ToArray();
        var roles = scopes.SelectMany(scope => scope.Roles).ToHashSet(StringComparer.Ordinal);
        var templates = set.RoleTemplates.Where(template => roles.Contains(template.Name))
            .Select(template => new RoleTemplateView(template.Name, template.Description, template.Rules, template.Actions))
            .ToArray();
        return ValueTask.FromResult(new RequestableAccess(scopes, templates));
    }
}
