using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AccessBroker.Api.Tests.Features.Grants;

/// <summary>In Verify mode the broker never creates ClusterRoles: a missing one blocks readiness and grants.</summary>
public sealed class VerifyModeTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MissingClusterRole_MakesBrokerNotReady_AndGrantsForThatTemplateFail()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Clusters:sandbox:RoleTemplates"] = "Verify" });
        using var failed = new MetricCollector<long>(host.Factory.Services.GetRequiredService<IMeterFactory>(), "AccessBroker", "accessbroker.grants.failed");

        var ready = await host.AnonymousClient().GetAsync("/readyz", Cancellation);
        var request = await host.ClientFor("dev", "payments-devs").CreateRequestAsync("view");

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var clusters = (await ready.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("checks").GetProperty("clusters");
        clusters.GetProperty("description").GetString()!.ShouldContain("view");
        var grant = request.GetProperty("grant");
        grant.GetProperty("status").GetString().ShouldBe("failed");
        grant.GetProperty("failureReason").GetString()!.ShouldContain("accessbroker:view");
        var clusterRoles = await host.Cluster.Admin.RbacAuthorizationV1.ListClusterRoleAsync(cancellationToken: Cancellation);
        clusterRoles.Items.ShouldNotContain(role => role.Metadata.Name.StartsWith("accessbroker:", StringComparison.Ordinal));
        var measured = failed.GetMeasurementSnapshot().ShouldHaveSingleItem();
        measured.Tags["reason"].ShouldBe("cluster-error");
        measured.Tags["cluster"].ShouldBe("sandbox");
    }
}
