using System.Text;
using AccessBroker.KubeSim.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AccessBroker.KubeSim.Tests.KubernetesClient;

/// <summary>The calls AccessBroker makes, through KubernetesClient over HTTPS with the kubeconfig KubeSim emits.</summary>
public sealed class KubernetesClientTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private const string ManagedBy = "app.kubernetes.io/managed-by";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Kubernetes Client(string? token = null)
    {
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(sim.Server.CreateKubeconfig(token)));
        return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    }

    private async Task<(string Ns, string Pod)> SinglePodAsync(Kubernetes admin)
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment("web", "nginx:1.25", replicas: 1));
        return (ns, (await admin.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.Single().Metadata.Name);
    }

    private static V1ObjectMeta Managed(string name) => new() { Name = name, Labels = new Dictionary<string, string> { [ManagedBy] = "access-broker" } };

    [Fact]
    public async Task GrantFlow_ServiceAccountRoleBindingTokenAndRevocation()
    {
        using var admin = Client();
        var ns = await sim.NewNamespaceAsync();
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = $"accessbroker:view-{ns}" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get", "list"] }],
        }, cancellationToken: Ct);
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = Managed("ab-1") }, ns, cancellationToken: Ct);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = Managed("ab-1"),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = $"accessbroker:view-{ns}" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "ab-1", NamespaceProperty = ns }],
        }, ns, cancellationToken: Ct);

        var tokenRequest = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 600 } }, "ab-1", ns, cancellationToken: Ct);
        using var granted = Client(tokenRequest.Status.Token);
        var pods = await granted.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct);
        var forbidden = await Should.ThrowAsync<HttpOperationException>(() => granted.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct));

        await admin.RbacAuthorizationV1.DeleteCollectionNamespacedRoleBindingAsync(ns, labelSelector: $"{ManagedBy}=access-broker", cancellationToken: Ct);
        await admin.CoreV1.DeleteNamespacedServiceAccountAsync("ab-1", ns, cancellationToken: Ct);
        var revoked = await Should.ThrowAsync<HttpOperationException>(() => granted.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct));

        pods.Items.ShouldBeEmpty();
        forbidden.Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        revoked.Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        (await admin.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(ns, cancellationToken: Ct)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task ClusterRoles_CreateReadReplace()
    {
        using var admin = Client();
        var name = $"accessbroker:ops-{Guid.NewGuid():N}";
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = name },
            Rules = [new V1PolicyRule { ApiGroups = ["apps"], Resources = ["deployments"], Verbs = ["get"] }],
        }, cancellationToken: Ct);

        var read = await admin.RbacAuthorizationV1.ReadClusterRoleAsync(name, cancellationToken: Ct);
        read.Rules.Add(new V1PolicyRule { ApiGroups = ["apps"], Resources = ["deployments/scale"], Verbs = ["patch"] });
        var replaced = await admin.RbacAuthorizationV1.ReplaceClusterRoleAsync(read, name, cancellationToken: Ct);

        replaced.Rules.Count.ShouldBe(2);
        long.Parse(replaced.Metadata.ResourceVersion).ShouldBeGreaterThan(long.Parse(read.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task SubjectAccessReview_IsAnswered()
    {
        using var admin = Client();

        var review = await admin.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = "system:serviceaccount:nowhere:nobody",
                Groups = ["system:serviceaccounts", "system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = "default", Verb = "delete", Group = "apps", Resource = "deployments" },
            },
        }, cancellationToken: Ct);

        review.Status.Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task Leases_CreateReadReplace_ForLeaderElection()
    {
        using var admin = Client();
        var ns = await sim.NewNamespaceAsync();
        await admin.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "access-broker" },
            Spec = new V1LeaseSpec { HolderIdentity = "broker-a", LeaseDurationSeconds = 15, AcquireTime = DateTime.UtcNow, RenewTime = DateTime.UtcNow },
        }, ns, cancellationToken: Ct);

        var lease = await admin.CoordinationV1.ReadNamespacedLeaseAsync("access-broker", ns, cancellationToken: Ct);
        lease.Spec.HolderIdentity = "broker-b";
        var replaced = await admin.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "access-broker", ns, cancellationToken: Ct);
        lease.Spec.HolderIdentity = "broker-c";
        var stale = await Should.ThrowAsync<HttpOperationException>(() => admin.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "access-broker", ns, cancellationToken: Ct));

        replaced.Spec.HolderIdentity.ShouldBe("broker-b");
        stale.Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Deployments_ScaleRestartAndReplicaSets()
    {
        using var admin = Client();
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment("web", "nginx:1.25"));

        var scaled = await admin.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "web", ns, cancellationToken: Ct);
        await admin.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-25T12:00:00Z\"}}}}}",
            V1Patch.PatchType.StrategicMergePatch), "web", ns, cancellationToken: Ct);
        var deployment = await admin.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        var replicaSets = await admin.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: "app=web", cancellationToken: Ct);
        var pods = await admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=web", cancellationToken: Ct);

        scaled.Spec.Replicas.ShouldBe(3);
        deployment.Metadata.Annotations["deployment.kubernetes.io/revision"].ShouldBe("2");
        replicaSets.Items.Select(rs => (rs.Metadata.Annotations["deployment.kubernetes.io/revision"], rs.Spec.Replicas))
            .OrderBy(r => r.Item1).ShouldBe([("1", 0), ("2", 3)]);
        pods.Items.Count.ShouldBe(3);
        pods.Items.ShouldAllBe(p => p.Status.Phase == "Running");
    }

    [Fact]
    public async Task PodLogs_AreReadable()
    {
        using var admin = Client();
        var (ns, pod) = await SinglePodAsync(admin);

        await using var stream = await admin.CoreV1.ReadNamespacedPodLogAsync(pod, ns, tailLines: 3, cancellationToken: Ct);
        using var reader = new StreamReader(stream);
        var lines = (await reader.ReadToEndAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Length.ShouldBe(3);
    }

    [Fact]
    public async Task Exec_OverV4Channel_ReturnsOutputAndExitCode()
    {
        using var admin = Client();
        var (ns, pod) = await SinglePodAsync(admin);
        var stdout = "";
        var stderr = "";

        var exitCode = await admin.NamespacedPodExecAsync(pod, ns, "web", ["sh", "-c", "echo $GREETING; printenv NOPE; exit 4"], false,
            async (_, output, error) =>
            {
                using var outReader = new StreamReader(output);
                using var errReader = new StreamReader(error);
                stdout = await outReader.ReadToEndAsync(Ct);
                stderr = await errReader.ReadToEndAsync(Ct);
            }, Ct);

        stdout.ShouldBe("hello from kubesim\n");
        stderr.ShouldBeEmpty();
        exitCode.ShouldBe(4);
    }

    [Fact]
    public async Task Exec_MuxedStream_Succeeds()
    {
        using var admin = Client();
        var (ns, pod) = await SinglePodAsync(admin);

        using var muxed = await admin.MuxedStreamNamespacedPodExecAsync(pod, ns, ["hostname"], "web", cancellationToken: Ct);
        using var stdout = muxed.GetStream(ChannelIndex.StdOut, null);
        using var reader = new StreamReader(stdout);
        muxed.Start();
        var line = await reader.ReadLineAsync(Ct);

        line.ShouldBe(pod);
    }
}
