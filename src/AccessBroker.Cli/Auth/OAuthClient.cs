using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AccessBroker.Cli.Auth;

internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);

internal sealed record DeviceAuthorization(
    [property: JsonPropertyName("device_code")] string DeviceCode,
    [property: JsonPropertyName("user_code")] string UserCode,
    [property: JsonPropertyName("verification_uri")] Uri VerificationUri,
    [property: JsonPropertyName("verification_uri_complete")] Uri? VerificationUriComplete,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("interval")] int? Interval);

/// <summary>The token endpoint calls of a public client: device code polling, refresh, revocation.</summary>
internal static class OAuthClient
{
    public static async Task<TokenResponse> PostFormAsync(HttpClient http, Uri endpoint, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsync(endpoint, new FormUrlEncodedContent(form), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length == 0 ? new TokenResponse(null, null, null, null, null) : JsonSerializer.Deserialize<TokenResponse>(body)!;
        }
        catch (HttpRequestException exception)
        {
            throw new CliException($"cannot reach the identity provider at {endpoint}: {exception.Message}");
        }
        catch (JsonException)
        {
            throw new CliException($"the identity provider at {endpoint} did not answer with JSON.");
        }
    }

    public static async Task<DeviceAuthorization> StartDeviceAuthorizationAsync(
        HttpClient http, Uri endpoint, string clientId, string scopes, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["scope"] = scopes,
        }), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
            throw new CliException($"the identity provider refused to start a device sign-in: {error?.ErrorDescription ?? error?.Error ?? response.StatusCode.ToString()}");
        }

        return await response.Content.ReadFromJsonAsync<DeviceAuthorization>(cancellationToken)
            ?? throw new CliException("the identity provider sent an empty device authorization.");
    }
}
