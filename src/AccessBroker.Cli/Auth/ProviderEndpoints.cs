using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace AccessBroker.Cli.Auth;

/// <summary>What the broker says about its sign-in (<c>/.well-known/accessbroker</c>).</summary>
internal sealed record BrokerDiscovery(Uri Authority, string Audience, string CliClientId, string CliScopes);

/// <summary>The few fields of the provider's OpenID Connect discovery document that the device flow needs.</summary>
internal sealed record ProviderEndpoints(
    [property: JsonPropertyName("device_authorization_endpoint")] Uri? DeviceAuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint")] Uri TokenEndpoint,
    [property: JsonPropertyName("revocation_endpoint")] Uri? RevocationEndpoint)
{
    public static async Task<(BrokerDiscovery Broker, ProviderEndpoints Provider)> DiscoverAsync(HttpClient http, Uri server, CancellationToken cancellationToken)
    {
        var broker = await GetJsonAsync<BrokerDiscovery>(http, new Uri(server, ".well-known/accessbroker"), "the broker", cancellationToken);
        var authority = new Uri(broker.Authority.AbsoluteUri.TrimEnd('/') + "/");
        var provider = await GetJsonAsync<ProviderEndpoints>(http, new Uri(authority, ".well-known/openid-configuration"), "its identity provider", cancellationToken);
        return (broker, provider);
    }

    private static async Task<T> GetJsonAsync<T>(HttpClient http, Uri url, string what, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException($"{what} answered {(int)response.StatusCode} at {url}; is this the right URL?");
            }

            return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                ?? throw new CliException($"{what} sent an empty answer at {url}.");
        }
        catch (HttpRequestException exception)
        {
            throw new CliException($"cannot reach {what} at {url}: {exception.Message}");
        }
    }
}
