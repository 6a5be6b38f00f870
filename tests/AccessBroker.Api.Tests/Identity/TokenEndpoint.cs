using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>Raw OAuth requests to the broker's provider and API, so each test shows the protocol it exercises.</summary>
public static class TokenEndpoint
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, IReadOnlyDictionary<string, string> form)
    {
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (response.StatusCode, body);
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> RequestAsync(HttpClient client, IReadOnlyDictionary<string, string> form) =>
        PostAsync(client, "/connect/token", form);

    public static async Task<HttpResponseMessage> GetMeAsync(HttpClient client, string? accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> GetMeJsonAsync(HttpClient client, string accessToken)
    {
        using var response = await GetMeAsync(client, accessToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public static JsonWebToken Read(string jwt) => new(jwt);

    public static string String(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() ?? string.Empty : string.Empty;
}
