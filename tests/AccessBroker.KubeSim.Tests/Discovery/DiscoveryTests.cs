using System.Net;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Discovery;

public sealed class DiscoveryTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    [Fact]
    public async Task Version_SaysKubernetes133AndSimulator()
    {
        var version = await sim.Admin.GetAsync("/version");

        version["major"].ShouldBe("1");
        version["minor"].ShouldBe("33");
        version["gitVersion"].ShouldBe("v1.33.0+kubesim");
    }

    [Fact]
    public async Task Api_ListsV1_AndApis_ListsEveryGroup()
    {
        var api = await sim.Admin.GetAsync("/api");
        var apis = await sim.Admin.GetAsync("/apis");

        api["kind"].ShouldBe("APIVersions");
        api["versions.0"].ShouldBe("v1");
        apis["kind"].ShouldBe("APIGroupList");
        apis.Json["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>())
            .ShouldBe(["apps", "rbac.authorization.k8s.io", "coordination.k8s.io", "authorization.k8s.io", "authentication.k8s.io"], ignoreOrder: true);
    }

    [Fact]
    public async Task ResourceList_HasVerbsShortNamesScopeAndSubresources()
    {
        var apps = await sim.Admin.GetAsync("/apis/apps/v1");
        var core = await sim.Admin.GetAsync("/api/v1");

        var deployments = apps.Json["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "deployments")!;
        deployments["namespaced"]!.GetValue<bool>().ShouldBeTrue();
        deployments["kind"]!.GetValue<string>().ShouldBe("Deployment");
        deployments["shortNames"]![0]!.GetValue<string>().ShouldBe("deploy");
        deployments["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldContain("patch");
        var scale = apps.Json["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "deployments/scale")!;
        scale["group"]!.GetValue<string>().ShouldBe("autoscaling");
        var namespaces = core.Json["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "namespaces")!;
        namespaces["namespaced"]!.GetValue<bool>().ShouldBeFalse();
        core.Json["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ShouldContain("pods/exec");
    }

    [Fact]
    public async Task OpenApiV3_PointsToGroupVersionDocumentsThatOfferFieldValidation()
    {
        var root = await sim.Admin.GetAsync("/openapi/v3");
        var url = root["paths.apis/apps/v1.serverRelativeURL"];

        url.ShouldNotBeNull();
        url.ShouldStartWith("/openapi/v3/apis/apps/v1?hash=");
        var document = await sim.Admin.GetAsync(url);
        document.Status.ShouldBe(HttpStatusCode.OK);
        var patch = document.Json["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>().ShouldBe("Deployment");
        patch["parameters"]!.AsArray().ShouldContain(p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
    }
}
