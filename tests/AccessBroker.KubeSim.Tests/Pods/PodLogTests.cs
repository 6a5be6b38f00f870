using System.Net;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Pods;

public sealed class PodLogTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Ns, string Pod)> PodAsync()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment("web", "nginx:1.25", replicas: 1));
        return (ns, (await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/pods"))["items.0.metadata.name"]!);
    }

    [Fact]
    public async Task Log_IsPlainText_AndTailLinesKeepsTheLastLines()
    {
        var (ns, pod) = await PodAsync();

        var all = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/pods/{pod}/log");
        var tail = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/pods/{pod}/log?tailLines=2");

        all.Status.ShouldBe(HttpStatusCode.OK);
        var lines = all.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldContain($"{ns}/{pod}");
        tail.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(lines[^2..]);
    }

    [Fact]
    public async Task Log_UnknownContainer_Returns400()
    {
        var (ns, pod) = await PodAsync();

        var response = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/pods/{pod}/log?container=nope");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response["message"].ShouldBe($"container nope is not valid for pod {pod}");
    }

    [Fact]
    public async Task Follow_StreamsUntilThePodIsDeleted()
    {
        var (ns, pod) = await PodAsync();
        await using var stream = await sim.Admin.OpenStreamAsync($"/api/v1/namespaces/{ns}/pods/{pod}/log?follow=true");
        using var reader = new StreamReader(stream);
        (await reader.ReadLineAsync(Ct)).ShouldNotBeNull();

        await sim.Admin.DeleteAsync($"/api/v1/namespaces/{ns}/pods/{pod}");
        var rest = await reader.ReadToEndAsync(Ct);

        rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(9);
    }
}
