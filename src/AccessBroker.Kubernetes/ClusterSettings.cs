namespace AccessBroker.Kubernetes;

/// <summary>How role templates reach a cluster as ClusterRoles <c>accessbroker:&lt;template&gt;</c>.</summary>
public enum RoleTemplateMode
{
    /// <summary>The broker creates and updates the ClusterRoles (needs create/update/escalate on ClusterRoles).</summary>
    Manage,

    /// <summary>The platform team applies them (rendered by <c>abctl rbac render</c>); the broker only reads and compares.</summary>
    Verify,
}

/// <summary>One cluster from configuration (<c>Clusters:&lt;name&gt;:*</c>).</summary>
public sealed class ClusterSettings
{
    /// <summary>Path of a kubeconfig file holding the broker's own credentials for this cluster.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Context in <see cref="Kubeconfig"/>; its current context when empty.</summary>
    public string? Context { get; set; }

    /// <summary>Use the pod's ServiceAccount (the broker runs inside this cluster).</summary>
    public bool InCluster { get; set; }

    /// <summary>Start KubeSim in-process with demo namespaces and deployments: a cluster to try every flow on.</summary>
    public bool Sandbox { get; set; }

    /// <summary>Namespace where per-grant ServiceAccounts are created.</summary>
    public string BrokerNamespace { get; set; } = "accessbroker";

    public RoleTemplateMode RoleTemplates { get; set; } = RoleTemplateMode.Manage;

    /// <summary>Shared token the cluster's API server presents to the Kubernetes audit webhook.</summary>
    public string? AuditWebhookToken { get; set; }
}
