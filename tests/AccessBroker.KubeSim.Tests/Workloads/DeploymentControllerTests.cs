using System.Net;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Workloads;

public sealed class DeploymentControllerTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private const string Revision = "deployment.kubernetes.io/revision";

    private async Task<string> DeploymentAsync(int replicas = 2)
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment("web", "nginx:1.25", replicas));
        return ns;
    }

    private async Task<List<JsonObject>> ItemsAsync(string path) =>
        (await sim.Admin.GetAsync(path)).Json["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    private static string RevisionOf(JsonObject obj) => obj["metadata"]!["annotations"]![Revision]!.GetValue<string>();

    private Task<ApiResponse> SetImageAsync(string ns, string image) =>
        sim.Admin.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web",
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"IMAGE"}]}}}}""".Replace("IMAGE", image, StringComparison.Ordinal))!,
            "application/strategic-merge-patch+json");

    [Fact]
    public async Task NewDeployment_GetsReplicaSetRevisionOneAndPods()
    {
        var ns = await DeploymentAsync();

        var replicaSets = await ItemsAsync($"/apis/apps/v1/namespaces/{ns}/replicasets");
        var pods = await ItemsAsync($"/api/v1/namespaces/{ns}/pods?labelSelector=app%3Dweb");
        var deployment = await sim.Admin.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");

        var replicaSet = replicaSets.ShouldHaveSingleItem();
        RevisionOf(replicaSet).ShouldBe("1");
        replicaSet["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>().ShouldBe(deployment["metadata.uid"]);
        pods.Count.ShouldBe(2);
        pods.ShouldAllBe(p => p["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>() == replicaSet["metadata"]!["name"]!.GetValue<string>());
        deployment["status.readyReplicas"].ShouldBe("2");
        RevisionOf(deployment.Json).ShouldBe("1");
    }

    [Fact]
    public async Task TemplateChange_MakesNextRevision_AndScalesOldToZero()
    {
        var ns = await DeploymentAsync();

        (await SetImageAsync(ns, "nginx:1.26")).Status.ShouldBe(HttpStatusCode.OK);

        var replicaSets = await ItemsAsync($"/apis/apps/v1/namespaces/{ns}/replicasets");
        replicaSets.Select(rs => (RevisionOf(rs), rs["spec"]!["replicas"]!.GetValue<int>())).OrderBy(r => r.Item1).ShouldBe([("1", 0), ("2", 2)]);
        var pods = await ItemsAsync($"/api/v1/namespaces/{ns}/pods");
        pods.Count.ShouldBe(2);
        pods.ShouldAllBe(p => p["spec"]!["containers"]![0]!["image"]!.GetValue<string>() == "nginx:1.26");
    }

    [Fact]
    public async Task ReturningToAnOldTemplate_ReusesItsReplicaSetWithTheNextRevision()
    {
        var ns = await DeploymentAsync();
        await SetImageAsync(ns, "nginx:1.26");

        await SetImageAsync(ns, "nginx:1.25");

        var replicaSets = await ItemsAsync($"/apis/apps/v1/namespaces/{ns}/replicasets");
        replicaSets.Count.ShouldBe(2);
        var current = replicaSets.Single(rs => rs["spec"]!["replicas"]!.GetValue<int>() == 2);
        current["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>().ShouldBe("nginx:1.25");
        RevisionOf(current).ShouldBe("3");
        RevisionOf(current).ShouldBe(RevisionOf((await sim.Admin.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web")).Json));
    }

    [Fact]
    public async Task ScaleSubresource_ReadsAndUpdatesReplicas()
    {
        var ns = await DeploymentAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/web/scale";
        var scale = await sim.Admin.GetAsync(path);
        scale["kind"].ShouldBe("Scale");
        scale["apiVersion"].ShouldBe("autoscaling/v1");
        scale["status.selector"].ShouldBe("app=web");
        var body = scale.Json;
        body["spec"]!["replicas"] = 5;

        var updated = await sim.Admin.PutAsync(path, body);

        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        updated["spec.replicas"].ShouldBe("5");
        (await ItemsAsync($"/api/v1/namespaces/{ns}/pods")).Count.ShouldBe(5);
    }

    [Fact]
    public async Task ScaleSubresource_NegativeReplicas_Returns422()
    {
        var ns = await DeploymentAsync();

        var response = await sim.Admin.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web/scale",
            JsonNode.Parse("""{"spec":{"replicas":-1}}""")!, "application/merge-patch+json");

        response.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response["details.causes.0.field"].ShouldBe("spec.replicas");
    }

    [Fact]
    public async Task DeletedPod_IsReplacedByItsReplicaSet()
    {
        var ns = await DeploymentAsync();
        var before = (await ItemsAsync($"/api/v1/namespaces/{ns}/pods")).Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToList();

        await sim.Admin.DeleteAsync($"/api/v1/namespaces/{ns}/pods/{before[0]}");

        var after = (await ItemsAsync($"/api/v1/namespaces/{ns}/pods")).Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToList();
        after.Count.ShouldBe(2);
        after.ShouldNotContain(before[0]);
    }

    [Fact]
    public async Task DeletedDeployment_TakesItsReplicaSetsAndPods()
    {
        var ns = await DeploymentAsync();
        await SetImageAsync(ns, "nginx:1.26");

        await sim.Admin.DeleteAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");

        (await ItemsAsync($"/apis/apps/v1/namespaces/{ns}/replicasets")).ShouldBeEmpty();
        (await ItemsAsync($"/api/v1/namespaces/{ns}/pods")).ShouldBeEmpty();
    }
}
