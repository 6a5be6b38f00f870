using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Kubectl;

/// <summary>
/// The kubectl commands every supported client version must run against KubeSim. Subclasses pick the binary;
/// the newest also covers exec, auth whoami and apply, which older clients do over SPDY, beta APIs or protobuf OpenAPI v2.
/// </summary>
public abstract class KubectlCommandTests(KubeSimFixture sim, string version) : IDisposable
{
    private readonly KubectlRunner _kubectl = new(version);

    protected KubeSimFixture Sim => sim;

    internal KubectlRunner Kubectl => _kubectl;

    public void Dispose()
    {
        _kubectl.Dispose();
        GC.SuppressFinalize(this);
    }

    internal Task<KubectlResult> RunAsync(string ns, params string[] args) => _kubectl.RunAsync(sim.Server.CreateKubeconfig(@namespace: ns), args);

    protected async Task<string> NamespaceWithDeploymentAsync()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment("web", "nginx:1.25"));
        return ns;
    }

    protected async Task<string> FirstPodAsync(string ns) => (await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/pods"))["items.0.metadata.name"]!;

    [Fact]
    public async Task Get_ListsDeploymentsWithServerSideColumns()
    {
        var ns = await NamespaceWithDeploymentAsync();

        var result = (await RunAsync(ns, "get", "deployments")).ShouldSucceed();

        result.Stdout.ShouldContain("READY");
        result.Stdout.ShouldContain("web");
        result.Stdout.ShouldContain("2/2");
    }

    [Fact]
    public async Task Get_Missing_ReportsNotFound()
    {
        var ns = await sim.NewNamespaceAsync();

        var result = await RunAsync(ns, "get", "deployment", "absent");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("Error from server (NotFound): deployments.apps \"absent\" not found");
    }

    [Fact]
    public async Task Create_NamespaceServiceAccountRoleAndRoleBinding()
    {
        var name = $"k{version.Replace(".", "", StringComparison.Ordinal)}-{Guid.NewGuid():N}"[..16];

        (await RunAsync("default", "create", "namespace", name)).ShouldSucceed().Stdout.ShouldContain($"namespace/{name} created");
        (await RunAsync(name, "create", "serviceaccount", "robot")).ShouldSucceed();
        (await RunAsync(name, "create", "role", "pod-reader", "--verb=get,list", "--resource=pods")).ShouldSucceed();
        (await RunAsync(name, "create", "rolebinding", "robot", "--role=pod-reader", $"--serviceaccount={name}:robot")).ShouldSucceed();

        var binding = await sim.Admin.GetAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{name}/rolebindings/robot");
        binding["roleRef.name"].ShouldBe("pod-reader");
        binding["subjects.0.name"].ShouldBe("robot");
        binding["subjects.0.namespace"].ShouldBe(name);
        (await sim.Admin.GetAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{name}/roles/pod-reader"))["rules.0.verbs.1"].ShouldBe("list");
    }

    [Fact]
    public async Task Create_InvalidName_ShowsTheFieldError()
    {
        var result = await RunAsync("default", "create", "namespace", "Not_Valid");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("metadata.name: Invalid value: \"Not_Valid\"");
    }

    [Fact]
    public async Task Scale_ChangesReplicas()
    {
        var ns = await NamespaceWithDeploymentAsync();

        (await RunAsync(ns, "scale", "deployment/web", "--replicas=4")).ShouldSucceed();

        (await sim.Admin.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web"))["spec.replicas"].ShouldBe("4");
        (await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/pods")).Json["items"]!.AsArray().Count.ShouldBe(4);
    }

    [Fact]
    public async Task RolloutRestart_MakesNewRevision_AndHistoryShowsIt()
    {
        var ns = await NamespaceWithDeploymentAsync();

        (await RunAsync(ns, "rollout", "restart", "deployment/web")).ShouldSucceed().Stdout.ShouldContain("restarted");
        var history = (await RunAsync(ns, "rollout", "history", "deployment/web")).ShouldSucceed();

        history.Stdout.ShouldContain("REVISION");
        Revisions(history.Stdout).ShouldBe([1, 2]);
        var deployment = await sim.Admin.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");
        deployment.Json["spec"]!["template"]!["metadata"]!["annotations"]!.AsObject().ContainsKey("kubectl.kubernetes.io/restartedAt").ShouldBeTrue();
    }

    [Fact]
    public async Task RolloutUndo_ReturnsToThePreviousTemplate()
    {
        var ns = await NamespaceWithDeploymentAsync();
        (await RunAsync(ns, "set", "image", "deployment/web", "web=nginx:1.26")).ShouldSucceed();

        (await RunAsync(ns, "rollout", "undo", "deployment/web")).ShouldSucceed().Stdout.ShouldContain("rolled back");

        var deployment = await sim.Admin.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");
        deployment["spec.template.spec.containers.0.image"].ShouldBe("nginx:1.25");
        Revisions((await RunAsync(ns, "rollout", "history", "deployment/web")).ShouldSucceed().Stdout).ShouldBe([2, 3]);
    }

    [Fact]
    public async Task RolloutStatus_ListsAndWatchesWithoutErrors()
    {
        var ns = await NamespaceWithDeploymentAsync();

        var result = (await RunAsync(ns, "rollout", "status", "deployment/web", "--timeout=30s")).ShouldSucceed();

        result.Stdout.ShouldContain("deployment \"web\" successfully rolled out");
        result.Stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task AuthCanI_AnswersForServiceAccountToken()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles",
            Objects.Role("Role", "pod-reader", (["get", "list"], [""], ["pods"], null)));
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("reader"));
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "reader", "Role", "pod-reader", Objects.ServiceAccountSubject(ns, "reader")));
        var kubeconfig = sim.Server.CreateKubeconfig(await sim.TokenAsync(ns, "reader"), ns);

        var yes = await _kubectl.RunAsync(kubeconfig, "auth", "can-i", "list", "pods");
        var no = await _kubectl.RunAsync(kubeconfig, "auth", "can-i", "delete", "pods");

        var list = await _kubectl.RunAsync(kubeconfig, "auth", "can-i", "--list");

        yes.ShouldSucceed().Stdout.Trim().ShouldBe("yes");
        no.ExitCode.ShouldBe(1);
        no.Stdout.Trim().ShouldBe("no");
        list.ShouldSucceed().Stdout.ShouldContain("[get list]");
    }

    [Fact]
    public async Task CreateToken_IssuesAToken_AndRefusesFiveMinutes()
    {
        var ns = await sim.NewNamespaceAsync();

        var token = (await RunAsync(ns, "create", "token", "default", "--duration=10m")).ShouldSucceed().Stdout.Trim();
        var refused = await RunAsync(ns, "create", "token", "default", "--duration=5m");

        token.Split('.').Length.ShouldBe(3);
        var review = await new ApiClient(sim.Server, token).PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", new JsonObject());
        review["status.userInfo.username"].ShouldBe($"system:serviceaccount:{ns}:default");
        refused.ExitCode.ShouldBe(1);
        refused.Stderr.ShouldContain("may not specify a duration less than 10 minutes");
    }

    [Fact]
    public async Task Logs_PrintsTheTail()
    {
        var ns = await NamespaceWithDeploymentAsync();
        var pod = await FirstPodAsync(ns);

        var result = (await RunAsync(ns, "logs", pod, "--tail=2")).ShouldSucceed();

        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
    }

    [Fact]
    public async Task Forbidden_ShowsTheApiServerMessage()
    {
        var ns = await sim.NewNamespaceAsync();
        var kubeconfig = sim.Server.CreateKubeconfig(await sim.TokenAsync(ns, "default"), ns);

        var result = await _kubectl.RunAsync(kubeconfig, "get", "secrets");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain($"Error from server (Forbidden): secrets is forbidden: User \"system:serviceaccount:{ns}:default\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\"");
    }

    private static List<int> Revisions(string history) =>
        history.Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault())
            .Where(first => int.TryParse(first, out _))
            .Select(int.Parse!)
            .ToList();
}
