using System.Diagnostics.Metrics;
using System.Net;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Grants;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using k8s;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AccessBroker.Api.Tests.Features.Grants;

public sealed class OrphanSweepTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task CrashBetweenClusterCallAndCommit_LeavesNoOrphanAfterTheSweep(DatabaseProvider provider)
    {
        await using var host = await BrokerHost.StartAsync(
            provider,
            new Dictionary<string, string?> { ["Grants:ProvisioningTimeout"] = "00:00:01", ["Grants:OrphanSweepInterval"] = "00:00:00.200" },
            CrashAfterProvisioning.Install);
        var selector = GrantObjectNames.ManagedSelector;
        using var failed = new MetricCollector<long>(host.Factory.Services.GetRequiredService<IMeterFactory>(), "AccessBroker", "accessbroker.grants.failed");

        var response = await host.ClientFor("dev", "payments-devs").PostAsJsonAsync(
            "/api/v1/requests", new { cluster = "sandbox", @namespace = "payments", role = "view", duration = "1h", reason = "INC-42" }, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var leftBehind = await host.Cluster.Admin.RbacAuthorizationV1.ListNamespacedRoleBindingAsync("payments", labelSelector: selector, cancellationToken: Cancellation);
        leftBehind.Items.ShouldHaveSingleItem("the crash left the RoleBinding behind");

        // The sweep marks the grant failed and then deletes its objects; wait for both rather than read the grant
        // the moment the objects are gone.
        await WaitUntilAsync(async () =>
            (await host.Cluster.Admin.RbacAuthorizationV1.ListNamespacedRoleBindingAsync("payments", labelSelector: selector, cancellationToken: Cancellation)).Items.Count == 0
            && (await host.Cluster.Admin.CoreV1.ListNamespacedServiceAccountAsync("accessbroker", labelSelector: selector, cancellationToken: Cancellation)).Items.Count == 0
            && await host.WithDatabaseAsync(async database => (await database.Grants.AsNoTracking().SingleAsync(Cancellation)).Status == GrantStatus.Failed));

        await host.WithDatabaseAsync(async database =>
        {
            var grant = await database.Grants.AsNoTracking().SingleAsync(Cancellation);
            grant.FailureReason!.ShouldContain("interrupted");
        });
        failed.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags["reason"].ShouldBe("interrupted");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
