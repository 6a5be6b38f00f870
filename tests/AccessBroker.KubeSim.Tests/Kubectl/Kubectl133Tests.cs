using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Kubectl;

/// <summary>kubectl 1.33, the newest client: everything, including WebSocket exec, auth whoami and validated apply.</summary>
public sealed class Kubectl133Tests(KubeSimFixture sim) : KubectlCommandTests(sim, "1.33"), IClassFixture<KubeSimFixture>
{
    private const string Manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: applied
        spec:
          replicas: 1
          selector:
            matchLabels: {app: applied}
          template:
            metadata:
              labels: {app: applied}
            spec:
              containers:
              - name: app
                image: IMAGE
        """;

    [Fact]
    public async Task Apply_CreatesThenUpdates_WithServerSideValidation()
    {
        var ns = await Sim.NewNamespaceAsync();
        var first = Kubectl.WriteFile("first.yaml", Manifest.Replace("IMAGE", "busybox:1.36", StringComparison.Ordinal));
        var second = Kubectl.WriteFile("second.yaml", Manifest.Replace("IMAGE", "busybox:1.37", StringComparison.Ordinal));

        (await RunAsync(ns, "apply", "-f", first)).ShouldSucceed().Stdout.ShouldContain("deployment.apps/applied created");
        var updated = (await RunAsync(ns, "apply", "-f", second)).ShouldSucceed();

        updated.Stdout.ShouldContain("deployment.apps/applied configured");
        updated.Stderr.ShouldBeEmpty();
        var deployment = await Sim.Admin.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/applied");
        deployment["spec.template.spec.containers.0.image"].ShouldBe("busybox:1.37");
        deployment.Json["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>().ShouldBe("2");
    }

    [Fact]
    public async Task CreateFromFile_CreatesEveryDocument()
    {
        var ns = await Sim.NewNamespaceAsync();
        var file = Kubectl.WriteFile("objects.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {mode: strict}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: settings-reader}
            rules:
            - {apiGroups: [""], resources: [configmaps], verbs: [get], resourceNames: [settings]}
            """);

        var result = (await RunAsync(ns, "create", "-f", file)).ShouldSucceed();

        result.Stdout.ShouldContain("configmap/settings created");
        result.Stdout.ShouldContain("role.rbac.authorization.k8s.io/settings-reader created");
        (await Sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/configmaps/settings"))["data.mode"].ShouldBe("strict");
    }

    [Fact]
    public async Task Apply_UnknownField_IsRejectedByTheServer()
    {
        var ns = await Sim.NewNamespaceAsync();
        var manifest = Kubectl.WriteFile("typo.yaml", Manifest.Replace("IMAGE", "busybox:1.36", StringComparison.Ordinal)
            .Replace("  replicas: 1", "  replicas: 1\n  replicaz: 2", StringComparison.Ordinal));

        var result = await RunAsync(ns, "apply", "-f", manifest);

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("strict decoding error: unknown field \"spec.replicaz\"");
    }

    [Fact]
    public async Task Exec_RunsCommandAndReturnsExitCode()
    {
        var ns = await NamespaceWithDeploymentAsync();
        var pod = await FirstPodAsync(ns);

        var echo = (await RunAsync(ns, "exec", pod, "--", "echo", "hello", "exec")).ShouldSucceed();
        var failing = await RunAsync(ns, "exec", pod, "--", "sh", "-c", "echo to-stderr 1>&2; exit 3");
        var unknown = await RunAsync(ns, "exec", pod, "--", "no-such-binary");

        echo.Stdout.ShouldBe("hello exec\n");
        failing.ExitCode.ShouldBe(3);
        failing.Stderr.ShouldContain("command terminated with exit code 3");
        unknown.ExitCode.ShouldBe(127);
    }

    [Fact]
    public async Task Exec_WithStdin_PipesInputThroughTheV5CloseSignal()
    {
        var ns = await NamespaceWithDeploymentAsync();
        var pod = await FirstPodAsync(ns);

        var result = await Kubectl.RunWithInputAsync(Sim.Server.CreateKubeconfig(@namespace: ns), "piped through kubectl\n", "exec", "-i", pod, "--", "cat");

        result.ShouldSucceed().Stdout.ShouldBe("piped through kubectl\n");
    }

    [Fact]
    public async Task AuthWhoami_ShowsServiceAccountIdentity()
    {
        var ns = await Sim.NewNamespaceAsync();
        var kubeconfig = Sim.Server.CreateKubeconfig(await Sim.TokenAsync(ns, "default"), ns);

        var result = (await Kubectl.RunAsync(kubeconfig, "auth", "whoami")).ShouldSucceed();

        result.Stdout.ShouldContain($"system:serviceaccount:{ns}:default");
        result.Stdout.ShouldContain($"system:serviceaccounts:{ns}");
    }
}
