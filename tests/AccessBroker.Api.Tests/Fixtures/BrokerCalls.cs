using System.Net;
using System.Text.Json;

namespace AccessBroker.Api.Tests.Fixtures;

/// <summary>The broker API calls the grant tests make, as a developer's or approver's client would.</summary>
internal static class BrokerCalls
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> CreateRequestAsync(this HttpClient client, string role, string duration = "1h", string @namespace = "payments", HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync("/api/v1/requests", new { cluster = "sandbox", @namespace, role, duration, reason = "INC-42 checkout errors" }, Cancellation);
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    public static async Task<JsonElement> ApproveAsync(this HttpClient client, string requestId, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/requests/{requestId}/approve", new { comment = "go ahead" }, Cancellation);
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    public static async Task<string> CredentialTokenAsync(this HttpClient client, string grantId)
    {
        var response = await client.PostAsync($"/api/v1/grants/{grantId}/credential", null, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var credential = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return credential.GetProperty("status").GetProperty("token").GetString()!;
    }

    public static async Task<JsonElement> GrantAsync(this HttpClient client, string grantId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/grants/{grantId}", Cancellation);

    /// <summary>Polls the grant until it reaches <paramref name="status"/> (the expiry pass runs every 200 ms in tests).</summary>
    public static async Task<JsonElement> WaitForGrantStatusAsync(this HttpClient client, string grantId, string status, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var grant = await client.GetFromJsonAsync<JsonElement>($"/api/v1/grants/{grantId}", deadline.Token);
            if (grant.GetProperty("status").GetString() == status)
            {
                return grant;
            }

            await Task.Delay(100, deadline.Token);
        }
    }
}
