using System.Net;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Api;

public sealed class WatchTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(string Type, string Name)> NextAsync(StreamReader reader)
    {
        var line = await reader.ReadLineAsync(Ct) ?? throw new InvalidOperationException("the watch ended");
        var change = JsonNode.Parse(line)!;
        return (change["type"]!.GetValue<string>(), change["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_StartsWithCurrentObjects_ThenStreamsChanges()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("existing"));
        await using var stream = await sim.Admin.OpenStreamAsync($"/api/v1/namespaces/{ns}/serviceaccounts?watch=true&labelSelector=!skip");
        using var reader = new StreamReader(stream);
        var initial = new[] { await NextAsync(reader), await NextAsync(reader) };

        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("added"));
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("ignored", new Dictionary<string, string> { ["skip"] = "y" }));
        await sim.Admin.PatchAsync($"/api/v1/namespaces/{ns}/serviceaccounts/added",
            JsonNode.Parse("""{"metadata":{"annotations":{"a":"b"}}}""")!, "application/merge-patch+json");
        await sim.Admin.DeleteAsync($"/api/v1/namespaces/{ns}/serviceaccounts/existing");

        initial.ShouldBe([("ADDED", "default"), ("ADDED", "existing")], ignoreOrder: true);
        (await NextAsync(reader)).ShouldBe(("ADDED", "added"));
        (await NextAsync(reader)).ShouldBe(("MODIFIED", "added"));
        (await NextAsync(reader)).ShouldBe(("DELETED", "existing"));
    }

    [Fact]
    public async Task Watch_FromListResourceVersion_ReplaysOnlyLaterChanges()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("before"));
        var listVersion = (await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts"))["metadata.resourceVersion"];
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("after"));

        await using var stream = await sim.Admin.OpenStreamAsync($"/api/v1/namespaces/{ns}/serviceaccounts?watch=true&resourceVersion={listVersion}");
        using var reader = new StreamReader(stream);

        (await NextAsync(reader)).ShouldBe(("ADDED", "after"));
    }

    [Fact]
    public async Task Watch_FromForgottenResourceVersion_Returns410Gone()
    {
        var response = await sim.Admin.GetAsync("/api/v1/namespaces/default/serviceaccounts?watch=true&resourceVersion=1");

        response.Status.ShouldBe(HttpStatusCode.Gone);
        response["reason"].ShouldBe("Expired");
    }

    [Fact]
    public async Task Watch_EndsAfterTimeoutSeconds()
    {
        await using var stream = await sim.Admin.OpenStreamAsync("/api/v1/namespaces/default/serviceaccounts?watch=true&timeoutSeconds=1");
        using var reader = new StreamReader(stream);

        var all = await reader.ReadToEndAsync(Ct);

        all.ShouldContain("\"type\":\"ADDED\"");
    }
}
