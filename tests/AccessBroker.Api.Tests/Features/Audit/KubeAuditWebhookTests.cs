using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;
using static AccessBroker.Api.Tests.Features.Audit.AuditFixture;

namespace AccessBroker.Api.Tests.Features.Audit;

public sealed class KubeAuditWebhookTests
{
    private const string WebhookToken = "webhook-token-for-tests";
    private const string GrantAccount = "system:serviceaccount:accessbroker:ab-1234abcd";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Webhook_RecordsTheGrantsCallsAsKubeApiRecordsOfItsRequester_AndIgnoresOthers(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var grant = await host.ArrangeGrantAsync();
        var body = EventList(
            Event("a1", GrantAccount, "patch", 200, "deployments", "checkout", "scale"),
            Event("a2", GrantAccount, "delete", 403, "pods", "checkout-1"),
            Event("a3", "system:serviceaccount:kube-system:replicaset-controller", "update", 200, "replicasets", "x"),
            Event("a4", "alice@example.test", "get", 200, "pods", "y"),
            Event("a5", GrantAccount, "get", null, "pods", "z", stage: "RequestReceived"));

        var response = await Webhook(host, WebhookToken).PostAsync("/api/v1/clusters/sandbox/kube-audit", body, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        receipt.GetProperty("received").GetInt32().ShouldBe(5);
        receipt.GetProperty("recorded").GetInt32().ShouldBe(2);
        var records = await RecordsAsync(host);
        records.Select(r => (r.Action, r.ActorSubject, r.Outcome, r.TargetKind, r.TargetName)).ShouldBe(
        [
            (AuditActions.KubeApi, "dev", AuditOutcome.Succeeded, "deployments", "checkout"),
            (AuditActions.KubeApi, "dev", AuditOutcome.Denied, "pods", "checkout-1"),
        ]);
        records.ShouldAllBe(r => r.GrantId == grant.Id && r.RequestId == grant.RequestId && r.TargetCluster == "sandbox" && r.TargetNamespace == "payments");
        var details = JsonDocument.Parse(records[0].DetailsJson!).RootElement;
        details.GetProperty("verb").GetString().ShouldBe("patch");
        details.GetProperty("subresource").GetString().ShouldBe("scale");
        details.GetProperty("responseCode").GetInt32().ShouldBe(200);
        details.GetProperty("credentialId").GetString().ShouldBe("JTI=jti-a1");
        details.GetProperty("serviceAccount").GetString().ShouldBe(GrantAccount);
        records[0].ActorIp.ShouldBe("10.1.2.3");
        records[0].ActorUserAgent.ShouldBe("kubectl/v1.33.0");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Webhook_WithoutTheClustersToken_Answers401(string? token)
    {
        await using var host = await StartAsync(DatabaseProvider.Sqlite);

        var response = await Webhook(host, token).PostAsync("/api/v1/clusters/sandbox/kube-audit", EventList(), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Webhook_ForAClusterWithoutToken_Answers401()
    {
        await using var host = await StartAsync(DatabaseProvider.Sqlite);

        var response = await Webhook(host, WebhookToken).PostAsync("/api/v1/clusters/prod-eu/kube-audit", EventList(), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Webhook_MalformedEventList_Answers400AndStoresNothing(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        await host.ArrangeGrantAsync();
        var good = Event("a1", GrantAccount, "get", 200, "pods", "x");
        var withoutUser = Event("a2", GrantAccount, "get", 200, "pods", "y").Replace($"\"user\":{{\"username\":\"{GrantAccount}\",", "\"nouser\":{", StringComparison.Ordinal);

        var invalid = await Webhook(host, WebhookToken).PostAsync("/api/v1/clusters/sandbox/kube-audit", EventList(good, withoutUser), Cancellation);
        var unreadable = await Webhook(host, WebhookToken).PostAsync(
            "/api/v1/clusters/sandbox/kube-audit", new StringContent("{\"kind\":\"EventList\",\"items\":[", Encoding.UTF8, "application/json"), Cancellation);

        var problem = await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(name => name.Contains("items[1]", StringComparison.Ordinal));
        await unreadable.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await RecordsAsync(host)).ShouldBeEmpty();
    }

    private static HttpClient Webhook(BrokerHost host, string? token)
    {
        var client = host.AnonymousClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static async Task<List<AuditRecord>> RecordsAsync(BrokerHost host)
    {
        var records = new List<AuditRecord>();
        await host.WithDatabaseAsync(async database => records = await database.AuditRecords.OrderBy(r => r.Sequence).ToListAsync(Cancellation));
        return records;
    }

    private static StringContent EventList(params string[] events) =>
        new($"{{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{{}},\"items\":[{string.Join(',', events)}]}}", Encoding.UTF8, "application/json");

    private static string Event(
        string auditId, string username, string verb, int? code, string resource, string name, string? subresource = null, string stage = "ResponseComplete") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["level"] = "Metadata",
            ["auditID"] = auditId,
            ["stage"] = stage,
            ["requestURI"] = $"/apis/apps/v1/namespaces/payments/{resource}/{name}",
            ["verb"] = verb,
            ["user"] = new Dictionary<string, object>
            {
                ["username"] = username,
                ["groups"] = new[] { "system:serviceaccounts", "system:authenticated" },
                ["extra"] = new Dictionary<string, string[]> { ["authentication.kubernetes.io/credential-id"] = [$"JTI=jti-{auditId}"] },
            },
            ["sourceIPs"] = new[] { "10.1.2.3" },
            ["userAgent"] = "kubectl/v1.33.0",
            ["objectRef"] = new { resource, @namespace = "payments", name, apiGroup = "apps", apiVersion = "v1", subresource },
            ["responseStatus"] = code is null ? null : new { metadata = new { }, code },
            ["requestReceivedTimestamp"] = "2026-11-25T12:00:00.000000Z",
            ["stageTimestamp"] = "2026-11-25T12:00:00.010000Z",
        });
}
