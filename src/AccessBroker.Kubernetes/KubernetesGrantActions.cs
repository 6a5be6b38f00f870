using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace AccessBroker.Kubernetes;

internal sealed class KubernetesGrantActions(ClusterRegistry clusters, IClusterAccess access) : IGrantActions
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public async Task<ReplicasChange> ScaleDeploymentAsync(GrantIdentity grant, string deployment, int replicas, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(grant, cancellationToken);
        var scale = await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.ReadNamespacedDeploymentScaleAsync(deployment, grant.Namespace, cancellationToken: cancellationToken));
        var before = scale.Spec.Replicas ?? 0;
        scale.Spec.Replicas = replicas;
        var after = await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, deployment, grant.Namespace, cancellationToken: cancellationToken));
        return new ReplicasChange(before, after.Spec.Replicas ?? 0);
    }

    public async Task RestartDeploymentAsync(GrantIdentity grant, string deployment, DateTimeOffset restartedAt, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(grant, cancellationToken);
        // The annotation kubectl rollout restart sets; changing the pod template is what makes the Deployment roll.
        var patch = new
        {
            spec = new { template = new { metadata = new { annotations = new Dictionary<string, string>
            {
                ["kubectl.kubernetes.io/restartedAt"] = restartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            } } } },
        };
        await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(JsonSerializer.Serialize(patch), V1Patch.PatchType.StrategicMergePatch), deployment, grant.Namespace, cancellationToken: cancellationToken));
    }

    public async Task<DeploymentRollback> RollbackDeploymentAsync(GrantIdentity grant, string deployment, long? revision, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(grant, cancellationToken);
        var current = await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.ReadNamespacedDeploymentAsync(deployment, grant.Namespace, cancellationToken: cancellationToken));
        var revisions = await OwnedRevisionsAsync(client, grant, current, cancellationToken);
        var revisionBefore = RevisionOf(current.Metadata);
        var available = revisions.Keys.Order().ToArray();
        var targetRevision = revision ?? available.Where(r => r != revisionBefore).DefaultIfEmpty(0).Max();
        var imagesBefore = ImagesOf(current.Spec.Template);
        if (!revisions.TryGetValue(targetRevision, out var target))
        {
            return new DeploymentRollback(false, revisionBefore, revisionBefore, imagesBefore, imagesBefore, available);
        }

        // As kubectl rollout undo does: the target ReplicaSet's pod template, without the pod-template-hash label
        // the ReplicaSet controller added, replaces the Deployment's template.
        var template = target.Spec.Template;
        template.Metadata.Labels?.Remove("pod-template-hash");
        var patch = new[] { new { op = "replace", path = "/spec/template", value = template } };
        await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.JsonPatch), deployment, grant.Namespace, cancellationToken: cancellationToken));
        // The revision annotation is the deployment controller's to set, after the write; read it back.
        var updated = await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.ReadNamespacedDeploymentAsync(deployment, grant.Namespace, cancellationToken: cancellationToken));
        return new DeploymentRollback(true, revisionBefore, RevisionOf(updated.Metadata), imagesBefore, ImagesOf(updated.Spec.Template), available);
    }

    public async Task<string> ReadPodLogsAsync(GrantIdentity grant, PodLogQuery query, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(grant, cancellationToken);
        await using var stream = await ClusterCall.RunAsync(grant.Cluster, () => client.CoreV1.ReadNamespacedPodLogAsync(
            query.Pod, grant.Namespace, container: query.Container, sinceSeconds: query.SinceSeconds, tailLines: query.TailLines, cancellationToken: cancellationToken));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public async Task<NamespaceWorkloads> ListWorkloadsAsync(GrantIdentity grant, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(grant, cancellationToken);
        var deployments = await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.ListNamespacedDeploymentAsync(grant.Namespace, cancellationToken: cancellationToken));
        var replicaSets = await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.ListNamespacedReplicaSetAsync(grant.Namespace, cancellationToken: cancellationToken));
        var pods = await ClusterCall.RunAsync(grant.Cluster, () => client.CoreV1.ListNamespacedPodAsync(grant.Namespace, cancellationToken: cancellationToken));
        var states = deployments.Items.OrderBy(deployment => deployment.Metadata.Name, StringComparer.Ordinal).Select(deployment => new DeploymentState(
            deployment.Metadata.Name,
            deployment.Spec.Replicas ?? 0,
            RevisionOf(deployment.Metadata),
            ImagesOf(deployment.Spec.Template),
            replicaSets.Items
                .Where(replicaSet => replicaSet.Metadata.OwnerReferences?.Any(owner => owner.Controller == true && owner.Uid == deployment.Metadata.Uid) == true)
                .Select(replicaSet => (Revision: RevisionOf(replicaSet.Metadata), Images: ImagesOf(replicaSet.Spec.Template)))
                .Where(revision => revision.Revision is not null)
                .OrderByDescending(revision => revision.Revision)
                .Select(revision => new DeploymentRevision(revision.Revision!.Value, revision.Images))
                .ToArray())).ToArray();
        return new NamespaceWorkloads(states, pods.Items.Select(pod => pod.Metadata.Name).Order(StringComparer.Ordinal).ToArray());
    }

    public async Task<PodExecOutput> ExecInPodAsync(GrantIdentity grant, PodExecCommand command, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(grant, cancellationToken);
        if (client is k8s.Kubernetes kubernetes)
        {
            kubernetes.CreateWebSocketBuilder = () => new ExecUpgradeBuilder(grant.Cluster, grant.Namespace, command.Pod, cancellationToken);
        }

        // No stdin and no TTY, as kubectl exec POD -- CMD: stdout and stderr stay apart and the command sees an empty
        // stdin. v4.channel.k8s.io is what KubernetesClient speaks and every supported kube-apiserver accepts.
        using var socket = await ConnectExecAsync(client, grant, command, cancellationToken);
        var output = new ExecOutputReader(command.OutputLimitBytes);
        try
        {
            await output.ReadAsync(socket, cancellationToken);
        }
        catch (WebSocketException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterException(grant.Cluster, null, $"the exec stream from cluster '{grant.Cluster}' broke: {exception.Message}", isTransient: true, exception);
        }
        catch (WebSocketException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return new PodExecOutput(ExitCodeOf(grant.Cluster, output.Status), output.Stdout, output.Stderr, output.DroppedBytes);
    }

    private static async Task<WebSocket> ConnectExecAsync(IKubernetes client, GrantIdentity grant, PodExecCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterCall.RunAsync(grant.Cluster, () => client.WebSocketNamespacedPodExecAsync(
                command.Pod, grant.Namespace, command.Command, command.Container, stderr: true, stdin: false, stdout: true, tty: false,
                webSocketSubProtocol: WebSocketProtocol.V4BinaryWebsocketProtocol, cancellationToken: cancellationToken));
        }
        catch (ClusterException refused) when (refused.StatusCode is 400 or 422)
        {
            throw await ExplainRefusedExecAsync(client, grant, command, refused, cancellationToken);
        }
    }

    /// <summary>
    /// .NET's WebSocket client keeps the body of a refused upgrade to itself. kube-apiserver resolves the pod and the
    /// container before it looks at the upgrade (ExecREST.Connect, then streamLocation), so the same request as a plain
    /// GET is refused with the cluster's own Status, e.g. <c>container x is not valid for pod y</c> — the retry that
    /// KubernetesClient's StreamConnectAsync makes for the same reason. If that answer differs, the first one stands.
    /// </summary>
    private static async Task<ClusterException> ExplainRefusedExecAsync(
        IKubernetes client, GrantIdentity grant, PodExecCommand command, ClusterException refused, CancellationToken cancellationToken)
    {
        try
        {
            await ClusterCall.RunAsync(grant.Cluster, () => client.CoreV1.ConnectGetNamespacedPodExecAsync(
                command.Pod, grant.Namespace, command.Command.FirstOrDefault(), command.Container, stderr: true, stdin: false, stdout: true, tty: false,
                cancellationToken: cancellationToken));
            return refused;
        }
        catch (ClusterException explained)
        {
            return explained.StatusCode == refused.StatusCode ? explained : refused;
        }
    }

    /// <summary>The exit code from the final metav1.Status on the error channel, as remotecommand v4 reports it.</summary>
    private static int ExitCodeOf(string cluster, string? statusJson)
    {
        var status = statusJson is null ? null : KubernetesJson.Deserialize<V1Status>(statusJson);
        if (status is null)
        {
            throw new ClusterException(cluster, null, $"the exec stream from cluster '{cluster}' ended without the command's exit status", isTransient: true);
        }

        if (status.Status == "Success")
        {
            return 0;
        }

        if (status.Reason == "NonZeroExitCode"
            && int.TryParse(status.Details?.Causes?.FirstOrDefault(cause => cause.Reason == "ExitCode")?.Message, CultureInfo.InvariantCulture, out var exitCode))
        {
            return exitCode;
        }

        throw new ClusterException(cluster, status.Code, status.Message ?? "the command could not be run", isTransient: false);
    }

    private async Task<IKubernetes> ConnectAsync(GrantIdentity grant, CancellationToken cancellationToken)
    {
        var token = await access.RequestTokenAsync(grant.Cluster, grant.Objects, KubernetesClusterAccess.MinimumTokenLifetime, cancellationToken);
        return clusters.Get(grant.Cluster).ClientWithToken(token.Token);
    }

    /// <summary>The Deployment's ReplicaSets by revision: matched by its selector and owned by it, as kubectl finds them.</summary>
    private static async Task<Dictionary<long, V1ReplicaSet>> OwnedRevisionsAsync(IKubernetes client, GrantIdentity grant, V1Deployment deployment, CancellationToken cancellationToken)
    {
        var selector = string.Join(",", (deployment.Spec.Selector.MatchLabels ?? new Dictionary<string, string>()).Select(label => $"{label.Key}={label.Value}"));
        var replicaSets = await ClusterCall.RunAsync(grant.Cluster, () => client.AppsV1.ListNamespacedReplicaSetAsync(grant.Namespace, labelSelector: selector, cancellationToken: cancellationToken));
        return replicaSets.Items
            .Where(replicaSet => replicaSet.Metadata.OwnerReferences?.Any(owner => owner.Controller == true && owner.Uid == deployment.Metadata.Uid) == true)
            .Where(replicaSet => RevisionOf(replicaSet.Metadata) is not null)
            .ToDictionary(replicaSet => RevisionOf(replicaSet.Metadata)!.Value);
    }

    private static long? RevisionOf(V1ObjectMeta metadata) =>
        metadata.Annotations?.TryGetValue(RevisionAnnotation, out var value) == true && long.TryParse(value, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : null;

    private static IReadOnlyList<string> ImagesOf(V1PodTemplateSpec template) => template.Spec.Containers.Select(container => container.Image).ToArray();
}
