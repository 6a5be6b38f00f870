using AccessBroker.Api.Identity.EmbeddedProvider;
using AccessBroker.Api.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Identity;

/// <summary>What a client needs to sign in to this broker, so users only ever type the broker's URL.</summary>
public sealed record BrokerDiscovery(Uri Authority, string Audience, string CliClientId, string CliScopes);

internal static class BrokerDiscoveryEndpoint
{
    public const string Path = "/.well-known/accessbroker";

    public static void MapBrokerDiscovery(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, Discover)
            .WithTags("Identity")
            .WithName("DiscoverBroker")
            .WithSummary("The OpenID Connect authority, audience and CLI client id of this broker (anonymous).")
            .AllowAnonymous();

    private static Ok<BrokerDiscovery> Discover(HttpRequest request, IOptions<AuthenticationSettings> authentication, IServiceProvider services)
    {
        var settings = authentication.Value;
        var authority = settings.Authority
            ?? EmbeddedIssuer.For(request, services.GetService<IOptions<EmbeddedProviderSettings>>()?.Value.Issuer);
        return TypedResults.Ok(new BrokerDiscovery(authority, settings.Audience, settings.CliClientId, settings.CliScopes));
    }
}
