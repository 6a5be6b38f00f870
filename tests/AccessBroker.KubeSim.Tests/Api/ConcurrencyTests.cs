using System.Net;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Api;

public sealed class ConcurrencyTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    [Fact]
    public async Task ConcurrentCreates_AllSucceedWithDistinctResourceVersions()
    {
        var ns = await sim.NewNamespaceAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount($"sa-{i}"))));

        responses.ShouldAllBe(r => r.Status == HttpStatusCode.Created);
        responses.Select(r => r["metadata.resourceVersion"]).Distinct().Count().ShouldBe(300);
    }

    [Fact]
    public async Task ConcurrentPatches_OfOneObject_AreAllApplied()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("shared"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            sim.Admin.PatchAsync($"/api/v1/namespaces/{ns}/serviceaccounts/shared",
                new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [$"l{i}"] = "x" } } },
                "application/merge-patch+json")));

        responses.ShouldAllBe(r => r.Status == HttpStatusCode.OK);
        (await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/shared")).Json["metadata"]!["labels"]!.AsObject().Count.ShouldBe(100);
    }
}
