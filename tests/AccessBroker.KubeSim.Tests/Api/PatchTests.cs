using System.Net;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Api;

public sealed class PatchTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private async Task<string> DeploymentAsync()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment("web", "nginx:1.25"));
        return $"/apis/apps/v1/namespaces/{ns}/deployments/web";
    }

    [Fact]
    public async Task MergePatch_MergesMapsAndNullRemoves()
    {
        var path = await DeploymentAsync();

        var patched = await sim.Admin.PatchAsync(path,
            JsonNode.Parse("""{"metadata":{"labels":{"team":"payments","app":null}}}""")!, "application/merge-patch+json");

        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Text);
        patched["metadata.labels.team"].ShouldBe("payments");
        patched.Resolve("metadata.labels.app").ShouldBeNull();
    }

    [Fact]
    public async Task StrategicMergePatch_MergesContainersByName()
    {
        var path = await DeploymentAsync();

        var patched = await sim.Admin.PatchAsync(path, JsonNode.Parse("""
            {"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-25T10:00:00Z"}},
             "spec":{"containers":[{"name":"web","image":"nginx:1.26"},{"name":"sidecar","image":"busybox:1.36"}]}}}}
            """)!, "application/strategic-merge-patch+json");

        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Text);
        patched["spec.template.spec.containers.0.image"].ShouldBe("nginx:1.26");
        patched["spec.template.spec.containers.0.env.0.name"].ShouldBe("GREETING");
        patched["spec.template.spec.containers.1.name"].ShouldBe("sidecar");
        patched.Json["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>().ShouldBe("2026-11-25T10:00:00Z");
    }

    [Fact]
    public async Task StrategicMergePatch_DeleteDirectiveRemovesListElement()
    {
        var path = await DeploymentAsync();

        var patched = await sim.Admin.PatchAsync(path, JsonNode.Parse("""
            {"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"GREETING","$patch":"delete"}]}]}}}}
            """)!, "application/strategic-merge-patch+json");

        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Text);
        patched.Resolve("spec.template.spec.containers.0.env.0").ShouldBeNull();
        patched["spec.template.spec.containers.0.image"].ShouldBe("nginx:1.25");
    }

    [Fact]
    public async Task JsonPatch_AppliesOperationsInOrder()
    {
        var path = await DeploymentAsync();

        var patched = await sim.Admin.PatchAsync(path, JsonNode.Parse("""
            [{"op":"test","path":"/spec/replicas","value":2},
             {"op":"replace","path":"/spec/replicas","value":4},
             {"op":"add","path":"/metadata/annotations","value":{"note":"json-patch"}}]
            """)!, "application/json-patch+json");

        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Text);
        patched["spec.replicas"].ShouldBe("4");
        patched["metadata.annotations.note"].ShouldBe("json-patch");
    }

    [Fact]
    public async Task JsonPatch_FailedTest_Returns422AndChangesNothing()
    {
        var path = await DeploymentAsync();

        var patched = await sim.Admin.PatchAsync(path,
            JsonNode.Parse("""[{"op":"test","path":"/spec/replicas","value":9},{"op":"replace","path":"/spec/replicas","value":4}]""")!,
            "application/json-patch+json");

        patched.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await sim.Admin.GetAsync(path))["spec.replicas"].ShouldBe("2");
    }

    [Fact]
    public async Task Patch_UnsupportedContentType_Returns415()
    {
        var path = await DeploymentAsync();

        var patched = await sim.Admin.PatchAsync(path, JsonNode.Parse("{}")!, "application/apply-patch+yaml");

        patched.Status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        patched["kind"].ShouldBe("Status");
    }
}
