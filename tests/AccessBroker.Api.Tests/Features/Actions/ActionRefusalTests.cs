using System.Net;
using AccessBroker.Api.Tests.Features.Audit;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;
using k8s;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Tests.Features.Actions;

/// <summary>Actions outside what a grant allows are refused, by the broker or by the cluster, and recorded so.</summary>
public sealed class ActionRefusalTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ActionNotInTheRoleTemplate_IsForbiddenBeforeTheClusterIsTouched()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync(role: "view");

        var response = await dev.ActAsync(grantId, "scale", new { deployment = "ledger", replicas = 5, reason = "INC-42" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldContain("does not permit the scale action");
        (await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation)).Spec.Replicas.ShouldBe(2);
        (await host.AuditOfAsync(grantId, "deployment.scaled")).ShouldBeIntentThen("denied");
    }

    [Fact]
    public async Task ClusterRefusal_IsForbiddenWithTheClustersMessage_AndRecordedAsDenied()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        // Without its RoleBinding the grant's ServiceAccount may do nothing in payments: only the cluster knows.
        var bindings = await host.Cluster.Admin.RbacAuthorizationV1.ListNamespacedRoleBindingAsync("payments", labelSelector: $"accessbroker.io/grant={grantId}", cancellationToken: Cancellation);
        await host.Cluster.Admin.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(bindings.Items.Single().Metadata.Name, "payments", cancellationToken: Cancellation);

        var response = await dev.ActAsync(grantId, "restart", new { deployment = "ledger", reason = "INC-42" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldContain("forbidden");
        (await host.AuditOfAsync(grantId, "deployment.restarted")).ShouldBeIntentThen("denied");
    }

    [Fact]
    public async Task MissingDeployment_IsNotFound_AndRecordedAsFailed()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();

        var response = await dev.ActAsync(grantId, "scale", new { deployment = "cart", replicas = 3, reason = "INC-42" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("cart", "checkout", cancellationToken: Cancellation)).Spec.Replicas.ShouldBe(2);
        (await host.AuditOfAsync(grantId, "deployment.scaled")).ShouldBeIntentThen("failed");
    }

    [Fact]
    public async Task RevokedGrant_IsAConflict()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        (await dev.PostAsJsonAsync($"/api/v1/grants/{grantId}/revoke", new { reason = "done" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await dev.ActAsync(grantId, "scale", new { deployment = "ledger", replicas = 3, reason = "INC-42" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation)).Spec.Replicas.ShouldBe(2);
    }

    [Theory]
    [InlineData("scale")]
    [InlineData("rollback")]
    [InlineData("restart")]
    [InlineData("exec")]
    [InlineData("logs")]
    public async Task ExpiredGrant_IsAConflict_ForEveryAction(string action)
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");
        var generation = (await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation)).Metadata.Generation;
        await host.WithDatabaseAsync(async database =>
        {
            var grant = await database.Grants.SingleAsync(g => g.Id == Guid.Parse(grantId), Cancellation);
            grant.EndsAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            await database.SaveChangesAsync(Cancellation);
        });
        await dev.WaitForGrantStatusAsync(grantId, "expired", TimeSpan.FromSeconds(20));

        var response = action switch
        {
            "logs" => await dev.GetAsync($"/api/v1/grants/{grantId}/actions/logs?pod={pod}", Cancellation),
            "exec" => await dev.ActAsync(grantId, action, new { pod, command = new[] { "hostname" }, reason = "INC-42" }),
            _ => await dev.ActAsync(grantId, action, new { deployment = "ledger", replicas = 3, reason = "INC-42" }),
        };

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString()!.ShouldContain("is expired");
        (await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation)).Metadata.Generation.ShouldBe(generation);
    }

    [Fact]
    public async Task AnotherUsersGrant_IsNotFound()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var grantId = await host.ClientFor("dev", "payments-devs").OperateGrantAsync();
        var mallory = host.ClientFor("mallory", "payments-devs");

        var response = await mallory.ActAsync(grantId, "scale", new { deployment = "ledger", replicas = 0, reason = "mine now" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation)).Spec.Replicas.ShouldBe(2);
    }
}
