using AccessBroker.Core.Policies;
using k8s.Models;

namespace AccessBroker.Kubernetes;

/// <summary>A role template as the ClusterRole <c>accessbroker:&lt;template&gt;</c> that grants bind to.</summary>
public static class ClusterRoleRendering
{
    public static V1ClusterRole Render(RoleTemplate template) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRole",
        Metadata = new V1ObjectMeta
        {
            Name = GrantObjectNames.ClusterRoleFor(template.Name),
            Labels = new Dictionary<string, string> { [GrantObjectNames.ManagedByLabel] = GrantObjectNames.ManagedByValue },
            Annotations = new Dictionary<string, string> { ["accessbroker.io/description"] = template.Description },
        },
        Rules = template.Rules.Select(Render).ToList(),
    };

    /// <summary>Whether the cluster's rules are exactly the template's (order of lists ignored).</summary>
    public static bool SameRules(IList<V1PolicyRule>? actual, IList<V1PolicyRule> expected) =>
        (actual ?? []).Count == expected.Count
        && (actual ?? []).Select(Canonical).Order(StringComparer.Ordinal)
            .SequenceEqual(expected.Select(Canonical).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private static V1PolicyRule Render(PolicyRule rule) => new()
    {
        ApiGroups = NullIfEmpty(rule.ApiGroups),
        Resources = NullIfEmpty(rule.Resources),
        ResourceNames = NullIfEmpty(rule.ResourceNames),
        Verbs = rule.Verbs.ToList(),
        NonResourceURLs = NullIfEmpty(rule.NonResourceUrls),
    };

    private static List<string>? NullIfEmpty(IReadOnlyList<string> values) => values.Count == 0 ? null : values.ToList();

    private static string Canonical(V1PolicyRule rule) => string.Join(
        "|",
        Sorted(rule.ApiGroups), Sorted(rule.Resources), Sorted(rule.ResourceNames), Sorted(rule.Verbs), Sorted(rule.NonResourceURLs));

    private static string Sorted(IList<string>? values) => string.Join(",", (values ?? []).Order(StringComparer.Ordinal));
}
