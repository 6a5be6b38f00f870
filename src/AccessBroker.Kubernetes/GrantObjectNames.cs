namespace AccessBroker.Kubernetes;

/// <summary>Names, labels and annotations every AccessBroker-owned object carries.</summary>
public static class GrantObjectNames
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "access-broker";
    public const string GrantLabel = "accessbroker.io/grant";
    public const string EndsAtAnnotation = "accessbroker.io/ends-at";
    public const string ClusterRolePrefix = "accessbroker:";
    public const string ManagedSelector = ManagedByLabel + "=" + ManagedByValue;

    /// <summary><c>ab-</c> and the first 12 hex digits of the grant id: short, a valid DNS label, unique in practice.</summary>
    public static string For(Guid grantId) => "ab-" + grantId.ToString("N")[..12];

    public static string ClusterRoleFor(string roleTemplate) => ClusterRolePrefix + roleTemplate;
}
