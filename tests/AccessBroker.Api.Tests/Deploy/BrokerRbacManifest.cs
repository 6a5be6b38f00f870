using AccessBroker.Testing;
using k8s;
using k8s.Models;

namespace AccessBroker.Api.Tests.Deploy;

/// <summary>One verb of one rule of the broker's own Role or ClusterRole, as rendered: the unit the least-privilege proof removes.</summary>
public sealed record RbacPermission(string Kind, int Rule, string ApiGroup, string Resource, string Verb, string ResourceNames)
{
    public override string ToString() =>
        $"{Kind} {(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource} {Verb}{(ResourceNames.Length == 0 ? "" : $" [{ResourceNames}]")}";
}

/// <summary>The committed <c>deploy/rbac/&lt;mode&gt;/broker-rbac.yaml</c> (kept equal to <c>abctl rbac render</c> by the CLI tests), applied to a cluster.</summary>
internal static class BrokerRbacManifest
{
    public const string Namespace = "accessbroker";
    public const string ServiceAccount = "accessbroker";

    public static IReadOnlyList<IKubernetesObject> Load(string mode) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(TestRepository.Path("deploy", "rbac", mode, "broker-rbac.yaml")))
            .OfType<IKubernetesObject>().ToList();

    /// <summary>Every verb the broker's Role and ClusterRole grant, one entry each.</summary>
    public static IEnumerable<RbacPermission> Permissions(string mode) =>
        BrokerRoles(Load(mode)).SelectMany(role => role.Rules.SelectMany((rule, index) =>
            rule.Verbs.Select(verb => new RbacPermission(role.Kind, index, rule.ApiGroups.Single(), rule.Resources.Single(), verb, string.Join(",", rule.ResourceNames ?? [])))));

    /// <summary>The manifest with <paramref name="permission"/> taken out of its rule (and the rule dropped when no verb is left).</summary>
    public static IReadOnlyList<IKubernetesObject> Without(string mode, RbacPermission permission)
    {
        var objects = Load(mode);
        var role = BrokerRoles(objects).Single(role => role.Kind == permission.Kind);
        var rule = role.Rules[permission.Rule];
        rule.Verbs.Remove(permission.Verb).ShouldBeTrue();
        if (rule.Verbs.Count == 0)
        {
            role.Rules.RemoveAt(permission.Rule);
        }

        return objects;
    }

    /// <summary>Creates every object with the admin token: what a platform team's GitOps apply does.</summary>
    public static async Task ApplyAsync(IKubernetes admin, IEnumerable<IKubernetesObject> objects, Func<V1ClusterRole, bool>? includeClusterRole = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        foreach (var item in objects)
        {
            _ = item switch
            {
                V1ServiceAccount account => await admin.CoreV1.CreateNamespacedServiceAccountAsync(account, account.Metadata.NamespaceProperty, cancellationToken: cancellation),
                V1Role role => await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, role.Metadata.NamespaceProperty, cancellationToken: cancellation),
                V1RoleBinding binding => await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, binding.Metadata.NamespaceProperty, cancellationToken: cancellation),
                V1ClusterRole clusterRole when includeClusterRole?.Invoke(clusterRole) != false => await admin.RbacAuthorizationV1.CreateClusterRoleAsync(clusterRole, cancellationToken: cancellation),
                V1ClusterRole => (object)"skipped",
                V1ClusterRoleBinding binding => await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding, cancellationToken: cancellation),
                _ => throw new InvalidOperationException($"unexpected {item.Kind} in the broker's RBAC"),
            };
        }
    }

    /// <summary>A token of the broker's own ServiceAccount (a TokenRequest, as a pod's projected token is).</summary>
    public static async Task<string> BrokerTokenAsync(IKubernetes admin)
    {
        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600, Audiences = [] } },
            ServiceAccount, Namespace, cancellationToken: TestContext.Current.CancellationToken);
        return token.Status.Token;
    }

    /// <summary>The broker's own Role and ClusterRole (not the template ClusterRoles), by kind.</summary>
    private static IEnumerable<(string Kind, IList<V1PolicyRule> Rules)> BrokerRoles(IEnumerable<IKubernetesObject> objects) =>
        objects.Select(item => item switch
            {
                V1Role role => (Kind: role.Kind, Rules: role.Rules),
                V1ClusterRole role when role.Metadata.Name == ServiceAccount => (role.Kind, role.Rules),
                _ => (Kind: "", Rules: (IList<V1PolicyRule>)[]),
            })
            .Where(role => role.Kind.Length > 0);
}
