using AccessBroker.Core.Policies;
using k8s;
using k8s.Models;

namespace AccessBroker.Kubernetes;

/// <summary>Where the broker runs on a cluster and how role templates reach it, for <see cref="BrokerRbacRendering"/>.</summary>
/// <param name="Mode">Verify (production) or Manage (the broker writes the template ClusterRoles).</param>
/// <param name="Namespace">The broker namespace: its own ServiceAccount, the per-grant ServiceAccounts and the leadership Lease.</param>
/// <param name="ServiceAccount">The broker's ServiceAccount; its Role, ClusterRole and bindings carry the same name.</param>
/// <param name="LeaseName">The leadership Lease (<c>Leadership:LeaseName</c>).</param>
public sealed record BrokerRbacOptions(
    RoleTemplateMode Mode,
    string Namespace = BrokerRbacOptions.DefaultNamespace,
    string ServiceAccount = BrokerRbacOptions.DefaultServiceAccount,
    string LeaseName = LeaseLeaderLock.DefaultLeaseName)
{
    public const string DefaultNamespace = "accessbroker";
    public const string DefaultServiceAccount = "accessbroker";
}

/// <summary>
/// The RBAC the broker's own identity needs on a cluster — and nothing more — beside the role-template
/// ClusterRoles it binds: what <c>abctl rbac render</c> prints and <c>deploy/rbac</c> ships. Each rule is a call
/// the broker makes (<see cref="KubernetesClusterAccess"/>, <see cref="LeaseLeaderLock"/>); brokered actions run
/// with the grant's own token and need nothing here.
/// </summary>
public static class BrokerRbacRendering
{
    private const string RbacGroup = "rbac.authorization.k8s.io";
    private const string CoordinationGroup = "coordination.k8s.io";
    private const string AuthorizationGroup = "authorization.k8s.io";

    /// <summary>
    /// The broker's ServiceAccount, Role and RoleBinding (broker namespace), ClusterRole and ClusterRoleBinding,
    /// then one ClusterRole per template, sorted by name: the same order and content on every run.
    /// </summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Render(IEnumerable<RoleTemplate> templates, BrokerRbacOptions options)
    {
        var templateRoles = templates.Select(ClusterRoleRendering.Render).OrderBy(role => role.Metadata.Name, StringComparer.Ordinal).ToList();
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = options.ServiceAccount, NamespaceProperty = options.Namespace };
        return
        [
            new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = Metadata(options.ServiceAccount, options.Namespace) },
            new V1Role
            {
                ApiVersion = $"{RbacGroup}/v1", Kind = "Role", Metadata = Metadata(options.ServiceAccount, options.Namespace),
                Rules = NamespaceRules(options),
            },
            new V1RoleBinding
            {
                ApiVersion = $"{RbacGroup}/v1", Kind = "RoleBinding", Metadata = Metadata(options.ServiceAccount, options.Namespace),
                RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = "Role", Name = options.ServiceAccount },
                Subjects = [subject],
            },
            new V1ClusterRole
            {
                ApiVersion = $"{RbacGroup}/v1", Kind = "ClusterRole", Metadata = Metadata(options.ServiceAccount, null),
                Rules = ClusterRules(options.Mode, templateRoles.Select(role => role.Metadata.Name).ToList()),
            },
            new V1ClusterRoleBinding
            {
                ApiVersion = $"{RbacGroup}/v1", Kind = "ClusterRoleBinding", Metadata = Metadata(options.ServiceAccount, null),
                RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = "ClusterRole", Name = options.ServiceAccount },
                Subjects = [subject],
            },
            .. templateRoles,
        ];
    }

    /// <summary>In the broker namespace: per-grant ServiceAccounts and their tokens, and the leadership Lease.</summary>
    private static List<V1PolicyRule> NamespaceRules(BrokerRbacOptions options) =>
    [
        // Provisioning creates, revocation deletes, a provisioning retry reads what it may already have created,
        // and the orphan sweep lists by label.
        Rule("", "serviceaccounts", ["create", "delete", "get", "list"]),
        // TokenRequest: credentials, and the grant token brokered actions run with.
        Rule("", "serviceaccounts/token", ["create"]),
        // A create request carries no name (it is in the body), so it cannot be limited by resourceNames.
        Rule(CoordinationGroup, "leases", ["create"]),
        Rule(CoordinationGroup, "leases", ["get", "update"], [options.LeaseName]),
    ];

    /// <summary>
    /// Cluster-wide: RoleBindings in any target namespace (created, deleted, read on retry, listed by the orphan
    /// sweep), bind and read on exactly the template ClusterRoles, and SubjectAccessReviews after revocation.
    /// Manage mode adds writing ClusterRoles; create cannot be limited by name and creating a ClusterRole whose
    /// rules the broker does not hold needs <c>escalate</c>, so a Manage-mode broker can mint any permission.
    /// </summary>
    private static List<V1PolicyRule> ClusterRules(RoleTemplateMode mode, IReadOnlyList<string> templateRoles)
    {
        var rules = new List<V1PolicyRule> { Rule(RbacGroup, "rolebindings", ["create", "delete", "get", "list"]) };
        // An empty resourceNames list would mean every ClusterRole: without templates there is nothing to bind.
        if (templateRoles.Count > 0)
        {
            rules.Add(Rule(RbacGroup, "clusterroles", mode == RoleTemplateMode.Manage ? ["bind", "get", "update"] : ["bind", "get"], templateRoles));
        }

        if (mode == RoleTemplateMode.Manage)
        {
            rules.Add(Rule(RbacGroup, "clusterroles", ["create", "escalate"]));
        }

        rules.Add(Rule(AuthorizationGroup, "subjectaccessreviews", ["create"]));
        return rules;
    }

    private static V1PolicyRule Rule(string apiGroup, string resource, List<string> verbs, IReadOnlyList<string>? resourceNames = null) => new()
    {
        ApiGroups = [apiGroup],
        Resources = [resource],
        ResourceNames = resourceNames?.ToList(),
        Verbs = verbs,
    };

    private static V1ObjectMeta Metadata(string name, string? @namespace) => new()
    {
        Name = name,
        NamespaceProperty = @namespace,
        // Not the managed-by label of grant objects: the orphan sweep deletes ServiceAccounts that carry it.
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "accessbroker", ["app.kubernetes.io/component"] = "broker-rbac" },
    };
}
