using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Requests;
using AccessBroker.Persistence;
using static AccessBroker.Api.Tests.Features.Audit.AuditFixture;

namespace AccessBroker.Api.Tests.Features.Audit;

public sealed class GrantActivityTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Activity_JoinsApprovalsStepsAndKubernetesCalls_ForOwnerAndAuditor(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var grant = await host.ArrangeGrantAsync();
        await host.WithDatabaseAsync(async database =>
        {
            database.Approvals.Add(new Approval
            {
                Id = Guid.NewGuid(), RequestId = grant.RequestId, ApproverSubject = "lead", ApproverName = "Lead", Approved = true, Comment = "go", At = grant.StartsAt,
            });
            await database.SaveChangesAsync(Cancellation);
        });
        var actor = new AuditActor("dev", "dev", []);
        var target = new AuditTarget("sandbox", "payments", null, null);
        await host.AppendAsync(
            new AuditEntry(AuditActions.RequestCreated, actor, target, AuditOutcome.Succeeded, RequestId: grant.RequestId),
            new AuditEntry(AuditActions.GrantActivated, AuditActor.System, target, AuditOutcome.Succeeded, GrantId: grant.Id, RequestId: grant.RequestId),
            new AuditEntry(AuditActions.KubeApi, actor, target, AuditOutcome.Denied, GrantId: grant.Id, RequestId: grant.RequestId),
            Entry("dev"));

        var owner = await host.ClientFor("dev", "payments-devs").GetFromJsonAsync<JsonElement>($"/api/v1/grants/{grant.Id}/activity", Cancellation);
        var auditor = await host.ClientFor("alice", Auditor).GetAsync($"/api/v1/grants/{grant.Id}/activity", Cancellation);
        var stranger = await host.ClientFor("mallory", "payments-devs").GetAsync($"/api/v1/grants/{grant.Id}/activity", Cancellation);

        owner.GetProperty("grantId").GetGuid().ShouldBe(grant.Id);
        owner.GetProperty("serviceAccount").GetString().ShouldBe("system:serviceaccount:accessbroker:ab-1234abcd");
        owner.GetProperty("approvals").EnumerateArray().Select(a => a.GetProperty("approverSubject").GetString()).ShouldBe(["lead"]);
        owner.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("action").GetString()).ShouldBe([AuditActions.RequestCreated, AuditActions.GrantActivated]);
        owner.GetProperty("kubernetesCalls").EnumerateArray().Select(c => c.GetProperty("outcome").GetString()).ShouldBe(["denied"]);
        owner.GetProperty("kubernetesCallsTruncated").GetBoolean().ShouldBeFalse();
        auditor.StatusCode.ShouldBe(HttpStatusCode.OK);
        await stranger.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
