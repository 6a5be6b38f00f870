using k8s.Models;

namespace AccessBroker.KubeSim.Api;

/// <summary>Every resource KubeSim serves. Anything else under /api or /apis answers 404 like an unknown resource.</summary>
internal static class ResourceCatalog
{
    public const string RbacGroup = "rbac.authorization.k8s.io";

    private static readonly string[] Stored = ResourceType.StoredVerbs;
    private static readonly string[] CreateOnly = ResourceType.CreateOnly;

    public static readonly IReadOnlyList<ResourceType> All =
    [
        ResourceType.Create<V1Namespace>("", "v1", "namespaces", "Namespace", false, Stored, "ns"),
        ResourceType.Create<V1ServiceAccount>("", "v1", "serviceaccounts", "ServiceAccount", true, Stored, "sa"),
        ResourceType.Create<V1Pod>("", "v1", "pods", "Pod", true, Stored, "po"),
        ResourceType.Create<V1ConfigMap>("", "v1", "configmaps", "ConfigMap", true, Stored, "cm"),
        ResourceType.Create<V1Secret>("", "v1", "secrets", "Secret", true, Stored),
        ResourceType.Create<V1Deployment>("apps", "v1", "deployments", "Deployment", true, Stored, "deploy"),
        ResourceType.Create<V1ReplicaSet>("apps", "v1", "replicasets", "ReplicaSet", true, Stored, "rs"),
        ResourceType.Create<V1Role>(RbacGroup, "v1", "roles", "Role", true, Stored),
        ResourceType.Create<V1ClusterRole>(RbacGroup, "v1", "clusterroles", "ClusterRole", false, Stored),
        ResourceType.Create<V1RoleBinding>(RbacGroup, "v1", "rolebindings", "RoleBinding", true, Stored),
        ResourceType.Create<V1ClusterRoleBinding>(RbacGroup, "v1", "clusterrolebindings", "ClusterRoleBinding", false, Stored),
        ResourceType.Create<V1Lease>("coordination.k8s.io", "v1", "leases", "Lease", true, Stored),
        ResourceType.Create<V1SelfSubjectAccessReview>("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, CreateOnly),
        ResourceType.Create<V1SelfSubjectRulesReview>("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, CreateOnly),
        ResourceType.Create<V1SubjectAccessReview>("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false, CreateOnly),
        ResourceType.Create<V1SelfSubjectReview>("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false, CreateOnly),
        ResourceType.Create<V1TokenReview>("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", false, CreateOnly),
    ];

    public static readonly IReadOnlyList<SubresourceType> Subresources =
    [
        new("pods", "log", "Pod", null, null, ["get"]),
        new("pods", "exec", "PodExecOptions", null, null, ["create", "get"]),
        new("serviceaccounts", "token", "TokenRequest", "authentication.k8s.io", "v1", ["create"]),
        new("deployments", "scale", "Scale", "autoscaling", "v1", ["get", "patch", "update"]),
        new("replicasets", "scale", "Scale", "autoscaling", "v1", ["get", "patch", "update"]),
    ];

    /// <summary>Group versions in the order discovery lists them.</summary>
    public static IEnumerable<string> GroupVersions => All.Select(r => r.GroupVersion).Distinct();

    public static ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static ResourceType Get(string group, string plural) =>
        All.First(r => r.Group == group && r.Plural == plural);

    public static ResourceType? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.GroupVersion == apiVersion && r.Kind == kind);

    public static ResourceType Namespaces => Get("", "namespaces");
    public static ResourceType ServiceAccounts => Get("", "serviceaccounts");
    public static ResourceType Pods => Get("", "pods");
    public static ResourceType Deployments => Get("apps", "deployments");
    public static ResourceType ReplicaSets => Get("apps", "replicasets");
    public static ResourceType Roles => Get(RbacGroup, "roles");
    public static ResourceType ClusterRoles => Get(RbacGroup, "clusterroles");
    public static ResourceType RoleBindings => Get(RbacGroup, "rolebindings");
    public static ResourceType ClusterRoleBindings => Get(RbacGroup, "clusterrolebindings");
}
