using System.Net;
using AccessBroker.Testing;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>
/// The broker pointed at a third-party OpenID Provider (node-oidc-provider) instead of its embedded one: that
/// provider's JWTs are accepted with their groups, tokens of any other issuer are refused.
/// </summary>
public sealed class ThirdPartyProviderTests : IAsyncLifetime
{
    private NodeOidcProvider? configured;
    private NodeOidcProvider? other;
    private EmbeddedBrokerHost? broker;

    public async ValueTask InitializeAsync()
    {
        if (!NodeOidcProvider.IsInstalled)
        {
            return;
        }

        configured = await NodeOidcProvider.StartAsync();
        other = await NodeOidcProvider.StartAsync();
        broker = await EmbeddedBrokerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = configured.Issuer.AbsoluteUri,
            ["Authentication:Audience"] = NodeOidcProvider.Audience,
            ["Authentication:RequireHttpsMetadata"] = "false",
        });
    }

    [Fact]
    public async Task TokenOfTheConfiguredProvider_IsAccepted_AndItsGroupsGiveRoles()
    {
        var (provider, _, host) = Started();
        using var client = host.CreateClient();

        var me = await TokenEndpoint.GetMeJsonAsync(client, await provider.GetAccessTokenAsync());

        me.String("subject").ShouldBe("automation");
        me.String("name").ShouldBe("Automation (oidc-provider)");
        me.GetProperty("groups").EnumerateArray().Select(group => group.GetString()).ShouldBe(["payments-devs", "security-auditors"]);
        me.GetProperty("isAuditor").GetBoolean().ShouldBeTrue();
        me.GetProperty("isAdmin").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task TokenOfAnotherIssuer_IsRefused()
    {
        var (_, otherProvider, host) = Started();
        using var client = host.CreateClient();

        using var response = await TokenEndpoint.GetMeAsync(client, await otherProvider.GetAccessTokenAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
    }

    [Fact]
    public async Task BrokerDiscovery_NamesTheExternalAuthority_AndTheEmbeddedProviderIsOff()
    {
        var (provider, _, host) = Started();
        using var client = host.CreateClient();

        var discovery = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/.well-known/accessbroker", TestContext.Current.CancellationToken);
        using var embeddedMetadata = await client.GetAsync("/.well-known/openid-configuration", TestContext.Current.CancellationToken);

        discovery.String("authority").ShouldBe(provider.Issuer.AbsoluteUri);
        discovery.String("audience").ShouldBe(NodeOidcProvider.Audience);
        embeddedMetadata.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public async ValueTask DisposeAsync()
    {
        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        foreach (var provider in new[] { configured, other })
        {
            if (provider is not null)
            {
                await provider.DisposeAsync();
            }
        }
    }

    /// <summary>Skips locally when npm packages are missing, but fails in CI (CI=true), where they must be installed.</summary>
    private (NodeOidcProvider Configured, NodeOidcProvider Other, EmbeddedBrokerHost Broker) Started()
    {
        TestPrerequisite.Require(broker is not null, NodeOidcProvider.MissingMessage);
        return (configured!, other!, broker!);
    }
}
