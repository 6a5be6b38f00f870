using System.Net;
using AccessBroker.Api.Tests.Features.Audit;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;
using k8s;

namespace AccessBroker.Api.Tests.Features.Actions;

/// <summary>Logs under a grant (exec: <see cref="ExecInPodTests"/>), end to end over HTTP against KubeSim.</summary>
public sealed class PodActionsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_WithinAViewGrant_ReturnTheText_AndAreRecordedAsARead()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync(role: "view");
        var pod = (await host.Cluster.Admin.CoreV1.ListNamespacedPodAsync("payments", cancellationToken: Cancellation)).Items
            .First(p => p.Metadata.Name.StartsWith("ledger-", StringComparison.Ordinal)).Metadata.Name;

        var response = await dev.GetAsync($"/api/v1/grants/{grantId}/actions/logs?pod={pod}&tailLines=3", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        text.TrimEnd('\n').Split('\n').Length.ShouldBe(3);
        var records = await host.AuditOfAsync(grantId, "pod.logs");
        records.ShouldBeIntentThen("succeeded");
        records[1].GetProperty("details").GetProperty("result").GetProperty("bytes").GetInt32().ShouldBe(System.Text.Encoding.UTF8.GetByteCount(text));
    }

    [Fact]
    public async Task Logs_OfAContainerThePodDoesNotHave_AreABadRequestWithTheClustersMessage_AndRecordedAsFailed()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync(role: "view");
        var pod = await host.PodOfAsync("ledger");

        var response = await dev.GetAsync($"/api/v1/grants/{grantId}/actions/logs?pod={pod}&container=sidecar", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().ShouldBe($"container sidecar is not valid for pod {pod}");
        var records = await host.AuditOfAsync(grantId, "pod.logs");
        records.ShouldBeIntentThen("failed");
        records[1].GetProperty("details").GetProperty("error").GetString().ShouldBe($"container sidecar is not valid for pod {pod}");
    }
}
