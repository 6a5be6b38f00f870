using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Features.Audit;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;
using k8s;

namespace AccessBroker.Api.Tests.Features.Actions;

/// <summary>Scale, restart and rollback under a grant, end to end over HTTP against KubeSim.</summary>
public sealed class DeploymentActionsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Scale_WithinTheGrant_ChangesReplicas_AndRecordsBeforeAndAfter(DatabaseProvider provider)
    {
        await using var host = await AuditFixture.StartAsync(provider);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();

        var response = await dev.ActAsync(grantId, "scale", new { deployment = "ledger", replicas = 4, reason = "INC-42 backlog" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var scaled = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        scaled.GetProperty("replicasBefore").GetInt32().ShouldBe(2);
        scaled.GetProperty("replicasAfter").GetInt32().ShouldBe(4);
        (await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation)).Spec.Replicas.ShouldBe(4);
        var records = await host.AuditOfAsync(grantId, "deployment.scaled");
        records.ShouldBeIntentThen("succeeded");
        records.ShouldAllBe(record => record.GetProperty("reason").GetString() == "INC-42 backlog");
        records[0].GetProperty("target").GetProperty("namespace").GetString().ShouldBe("payments");
        records[0].GetProperty("target").GetProperty("name").GetString().ShouldBe("ledger");
        records[0].GetProperty("details").GetProperty("replicas").GetInt32().ShouldBe(4);
        var result = records[1].GetProperty("details").GetProperty("result");
        result.GetProperty("replicasBefore").GetInt32().ShouldBe(2);
        result.GetProperty("replicasAfter").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task Scale_WithoutAReason_IsInvalid()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();

        var response = await dev.ActAsync(grantId, "scale", new { deployment = "ledger", replicas = 4 });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Restart_StampsThePodTemplate_AndIsRecorded()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();

        var response = await dev.ActAsync(grantId, "restart", new { deployment = "payments-api", reason = "INC-42 stuck connections" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var deployment = await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("payments-api", "payments", cancellationToken: Cancellation);
        deployment.Spec.Template.Metadata.Annotations.ShouldContainKey("kubectl.kubernetes.io/restartedAt");
        deployment.Metadata.Annotations["deployment.kubernetes.io/revision"].ShouldBe("2");
        var records = await host.AuditOfAsync(grantId, "deployment.restarted");
        records.ShouldBeIntentThen("succeeded");
        records[1].GetProperty("details").GetProperty("result").GetProperty("restartedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.MinValue);
    }

    [Fact]
    public async Task Rollback_ReturnsToThePreviousTemplate_AndRecordsRevisionsAndImages()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var original = await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation);
        var originalImage = original.Spec.Template.Spec.Containers[0].Image;
        original.Spec.Template.Spec.Containers[0].Image = "registry.example/ledger:broken";
        await host.Cluster.Admin.AppsV1.ReplaceNamespacedDeploymentAsync(original, "ledger", "payments", cancellationToken: Cancellation);

        var response = await dev.ActAsync(grantId, "rollback", new { deployment = "ledger", reason = "INC-42 bad release" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var rolledBack = await host.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation);
        rolledBack.Spec.Template.Spec.Containers[0].Image.ShouldBe(originalImage);
        rolledBack.Spec.Template.Metadata.Labels.ShouldNotContainKey("pod-template-hash");
        var result = (await host.AuditOfAsync(grantId, "deployment.rolledback"))[1].GetProperty("details").GetProperty("result");
        result.GetProperty("revisionBefore").GetInt64().ShouldBe(2);
        result.GetProperty("revisionAfter").GetInt64().ShouldBe(3);
        result.GetProperty("imagesBefore")[0].GetString().ShouldBe("registry.example/ledger:broken");
        result.GetProperty("imagesAfter")[0].GetString().ShouldBe(originalImage);
    }

    [Fact]
    public async Task Rollback_ToAMissingRevision_IsAConflictListingTheAvailableOnes()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();

        var response = await dev.ActAsync(grantId, "rollback", new { deployment = "ledger", revision = 7, reason = "INC-42 bad release" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("availableRevisions").EnumerateArray().Select(r => r.GetInt64()).ShouldBe([1L]);
        (await host.AuditOfAsync(grantId, "deployment.rolledback")).ShouldBeIntentThen("failed");
    }
}
