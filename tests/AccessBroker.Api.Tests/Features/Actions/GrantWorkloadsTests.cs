using System.Net;
using AccessBroker.Api.Tests.Features.Audit;
using AccessBroker.Persistence;

namespace AccessBroker.Api.Tests.Features.Actions;

/// <summary>What the portal's action forms offer for a grant, read with the grant's own token.</summary>
public sealed class GrantWorkloadsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Workloads_OfAnOperateGrant_ListActionsDeploymentsWithRevisionsAndPods(DatabaseProvider provider)
    {
        await using var host = await AuditFixture.StartAsync(provider);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();

        var workloads = await (await dev.GetAsync($"/api/v1/grants/{grantId}/actions/workloads", Cancellation)).ShouldBeOkJsonAsync();

        workloads.GetProperty("actions").EnumerateArray().Select(action => action.GetString()).ShouldBe(["scale", "rollback", "restart", "exec", "logs"]);
        var deployment = workloads.GetProperty("deployments").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "payments-api");
        deployment.GetProperty("replicas").GetInt32().ShouldBe(2);
        deployment.GetProperty("revision").GetInt64().ShouldBe(1);
        deployment.GetProperty("images").EnumerateArray().Select(image => image.GetString()).ShouldBe(["ghcr.io/example/payments-api:1.4.2"]);
        deployment.GetProperty("revisions").EnumerateArray().Select(revision => revision.GetProperty("revision").GetInt64()).ShouldBe([1L]);
        workloads.GetProperty("pods").EnumerateArray().Select(pod => pod.GetString()).ShouldContain(await host.PodOfAsync("payments-api"));
    }

    [Fact]
    public async Task Workloads_ForARoleThatMayNotListDeployments_AreTheClustersRefusal_AndOthersGrantsAreNotFound()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var viewGrant = await dev.OperateGrantAsync(role: "view");

        var refused = await dev.GetAsync($"/api/v1/grants/{viewGrant}/actions/workloads", Cancellation);
        var stranger = await host.ClientFor("eve", "payments-devs").GetAsync($"/api/v1/grants/{viewGrant}/actions/workloads", Cancellation);

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the test policies' view role may not list deployments");
        (await refused.Content.ReadAsStringAsync(Cancellation)).ShouldContain("Refused by the cluster.");
        stranger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
