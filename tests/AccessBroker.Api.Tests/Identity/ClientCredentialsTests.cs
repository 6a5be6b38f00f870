using System.Net;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>Client credentials (RFC 6749 section 4.4) for automation clients configured with a secret hash.</summary>
public sealed class ClientCredentialsTests(EmbeddedBrokerFixture broker) : IClassFixture<EmbeddedBrokerFixture>
{
    [Fact]
    public async Task ClientCredentials_RightSecret_TokenNamesTheClientWithItsGroups()
    {
        using var client = broker.Host.CreateClient();

        var (status, tokens) = await RequestAsync(client, "ci-bot", TestUsers.CiBotSecret);

        status.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        var me = await TokenEndpoint.GetMeJsonAsync(client, tokens.String("access_token"));
        me.String("subject").ShouldBe("ci-bot");
        me.GetProperty("groups").EnumerateArray().Select(group => group.GetString()).ShouldBe(["deployers"]);
    }

    [Fact]
    public async Task ClientCredentials_WrongSecret_IsRefused()
    {
        using var client = broker.Host.CreateClient();

        var (status, error) = await RequestAsync(client, "ci-bot", "not-the-secret");

        status.ShouldBe(HttpStatusCode.Unauthorized);
        error.String("error").ShouldBe("invalid_client");
    }

    [Fact]
    public async Task ClientCredentials_PublicClient_IsRefused()
    {
        using var client = broker.Host.CreateClient();

        var (status, error) = await TokenEndpoint.RequestAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "abctl",
        });

        status.ShouldBe(HttpStatusCode.BadRequest);
        error.String("error").ShouldBe("invalid_request");
    }

    private static Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> RequestAsync(HttpClient client, string clientId, string secret) =>
        TokenEndpoint.RequestAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        });
}
