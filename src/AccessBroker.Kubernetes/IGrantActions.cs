namespace AccessBroker.Kubernetes;

/// <summary>
/// Brokered actions, each run with a fresh token of the grant's own ServiceAccount so that the cluster's RBAC
/// decides what the grant may do. Failures, including the cluster's refusals, raise <see cref="ClusterException"/>.
/// </summary>
public interface IGrantActions
{
    Task<ReplicasChange> ScaleDeploymentAsync(GrantIdentity grant, string deployment, int replicas, CancellationToken cancellationToken);

    /// <summary>Like <c>kubectl rollout restart</c>: stamps the pod template so the Deployment rolls out new pods.</summary>
    Task RestartDeploymentAsync(GrantIdentity grant, string deployment, DateTimeOffset restartedAt, CancellationToken cancellationToken);

    /// <summary>Like <c>kubectl rollout undo</c>: to <paramref name="revision"/>, or the previous one when null.</summary>
    Task<DeploymentRollback> RollbackDeploymentAsync(GrantIdentity grant, string deployment, long? revision, CancellationToken cancellationToken);

    Task<string> ReadPodLogsAsync(GrantIdentity grant, PodLogQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The Deployments (replicas, revision, images and earlier revisions) and pods of the grant's namespace, read with
    /// the grant's own token: what the action forms offer. A role that may not list them gets the cluster's refusal.
    /// </summary>
    Task<NamespaceWorkloads> ListWorkloadsAsync(GrantIdentity grant, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a command in a pod without stdin or TTY (<c>kubectl exec POD -- CMD</c>) and waits for it to end. Output
    /// beyond <see cref="PodExecCommand.OutputLimitBytes"/> (stdout and stderr together) is read and dropped, so the
    /// command can still finish. Cancelling <paramref name="cancellationToken"/> closes the stream.
    /// </summary>
    Task<PodExecOutput> ExecInPodAsync(GrantIdentity grant, PodExecCommand command, CancellationToken cancellationToken);
}

public sealed record NamespaceWorkloads(IReadOnlyList<DeploymentState> Deployments, IReadOnlyList<string> Pods);

/// <summary>A Deployment as the action forms show it; <see cref="Revisions"/> are its ReplicaSets' revisions, newest first.</summary>
public sealed record DeploymentState(string Name, int Replicas, long? Revision, IReadOnlyList<string> Images, IReadOnlyList<DeploymentRevision> Revisions);

public sealed record DeploymentRevision(long Revision, IReadOnlyList<string> Images);

/// <summary>The grant an action runs under: its cluster, its (only) namespace and its ServiceAccount.</summary>
public sealed record GrantIdentity(string Cluster, string Namespace, GrantObjects Objects);

public sealed record ReplicasChange(int Before, int After);

/// <summary>
/// A rollback's revisions and container images; <see cref="Applied"/> is false when the requested revision does
/// not exist, and <see cref="AvailableRevisions"/> says which do.
/// </summary>
public sealed record DeploymentRollback(
    bool Applied, long? RevisionBefore, long? RevisionAfter, IReadOnlyList<string> ImagesBefore, IReadOnlyList<string> ImagesAfter, IReadOnlyList<long> AvailableRevisions);

public sealed record PodLogQuery(string Pod, string? Container, int? TailLines, int? SinceSeconds);

public sealed record PodExecCommand(string Pod, string? Container, IReadOnlyList<string> Command, int OutputLimitBytes);

/// <summary>What a finished command wrote, up to the limit, its exit code, and how many bytes past the limit were dropped.</summary>
public sealed record PodExecOutput(int ExitCode, byte[] Stdout, byte[] Stderr, long DroppedBytes)
{
    public bool Truncated => DroppedBytes > 0;
}
