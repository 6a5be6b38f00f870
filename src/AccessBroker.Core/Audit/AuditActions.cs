namespace AccessBroker.Core.Audit;

/// <summary>The dotted audit event types, stable for reviewers and exports.</summary>
public static class AuditActions
{
    public const string RequestCreated = "request.created";
    public const string RequestApproved = "request.approved";
    public const string RequestApprovalRecorded = "request.approval-recorded";
    public const string RequestDenied = "request.denied";
    public const string RequestCancelled = "request.cancelled";
    public const string RequestExpired = "request.expired";
    public const string GrantActivated = "grant.activated";
    public const string GrantFailed = "grant.failed";
    public const string GrantRevoked = "grant.revoked";
    public const string GrantExpired = "grant.expired";
    public const string GrantOrphanRemoved = "grant.orphan-removed";
    public const string CredentialIssued = "credential.issued";
    public const string DeploymentScaled = "deployment.scaled";
    public const string DeploymentRolledBack = "deployment.rolledback";
    public const string DeploymentRestarted = "deployment.restarted";
    public const string PodLogs = "pod.logs";
    public const string PodExec = "pod.exec";
    public const string AccessDenied = "access.denied";
    public const string PolicyLoaded = "policy.loaded";
    public const string PolicyRejected = "policy.rejected";

    /// <summary>A Kubernetes API call made with a grant's ServiceAccount, reported by the cluster's audit webhook.</summary>
    public const string KubeApi = "kube.api";
}
