using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Features.Audit;
using AccessBroker.Api.Tests.Fixtures;
using k8s;

namespace AccessBroker.Api.Tests.Features.Actions;

/// <summary>Arranges an operate grant and reads back what the audit log says about an action.</summary>
internal static class ActionCalls
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>An active operate grant of "dev" in payments (auto-approved by the operate-at-once test policy).</summary>
    public static async Task<string> OperateGrantAsync(this HttpClient dev, string role = "operate") =>
        (await dev.CreateRequestAsync(role)).GetProperty("grant").GetProperty("id").GetString()!;

    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, string grantId, string action, object body) =>
        client.PostAsJsonAsync($"/api/v1/grants/{grantId}/actions/{action}", body, Cancellation);

    /// <summary>The grant's records of <paramref name="action"/>, oldest first, as an auditor sees them.</summary>
    public static async Task<JsonElement[]> AuditOfAsync(this BrokerHost host, string grantId, string action)
    {
        var page = await host.ClientFor("alice", AuditFixture.Auditor).GetFromJsonAsync<JsonElement>($"/api/v1/audit?grant={grantId}&limit=100", Cancellation);
        return page.GetProperty("items").EnumerateArray().Where(record => record.GetProperty("action").GetString() == action).Reverse().ToArray();
    }

    public static void ShouldBeIntentThen(this JsonElement[] records, string outcome)
    {
        records.Select(record => record.GetProperty("outcome").GetString()).ShouldBe(["intended", outcome]);
        records[1].GetProperty("details").GetProperty("intentSequence").GetInt64().ShouldBe(records[0].GetProperty("sequence").GetInt64());
    }

    /// <summary>The name of a pod of <paramref name="deployment"/>, looked up as an admin.</summary>
    public static async Task<string> PodOfAsync(this BrokerHost host, string deployment, string @namespace = "payments") =>
        (await host.Cluster.Admin.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: $"app.kubernetes.io/name={deployment}", cancellationToken: Cancellation))
            .Items.First().Metadata.Name;

    public static async Task<JsonElement> ShouldBeOkJsonAsync(this HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
}
