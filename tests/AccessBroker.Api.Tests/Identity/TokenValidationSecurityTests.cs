using System.Net;
using System.Text.Json;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>Every kind of bad bearer token is refused with 401 and a <c>WWW-Authenticate</c> challenge (RFC 6750 section 3).</summary>
public sealed class TokenValidationSecurityTests(EmbeddedBrokerFixture broker) : IClassFixture<EmbeddedBrokerFixture>
{
    private TokenMinter Minter => new(broker.Host);

    [Fact]
    public async Task WellFormedToken_SignedByTheBroker_IsAccepted()
    {
        using var client = broker.Host.CreateClient();

        var me = await TokenEndpoint.GetMeJsonAsync(client, Minter.Create());

        me.String("subject").ShouldBe("dev");
    }

    [Theory]
    [InlineData("no token")]
    [InlineData("alg none")]
    [InlineData("HS256 signed with the public key")]
    [InlineData("wrong issuer")]
    [InlineData("wrong audience")]
    [InlineData("expired")]
    [InlineData("not yet valid")]
    [InlineData("unknown kid")]
    [InlineData("tampered payload")]
    [InlineData("user not in configuration (deleted)")]
    [InlineData("disabled user")]
    public async Task BadToken_IsRefusedWith401AndABearerChallenge(string badToken)
    {
        using var client = broker.Host.CreateClient();
        var token = badToken switch
        {
            "no token" => null,
            "alg none" => Minter.Unsigned(),
            "HS256 signed with the public key" => Minter.SignedWithPublicKeyAsHmacSecret(),
            "wrong issuer" => Minter.Create(issuer: "http://127.0.0.1:1/"),
            "wrong audience" => Minter.Create(audience: "another-api"),
            "expired" => Minter.Create(validFrom: TimeSpan.FromMinutes(-20), validFor: TimeSpan.FromMinutes(10)),
            "not yet valid" => Minter.Create(validFrom: TimeSpan.FromMinutes(10)),
            "unknown kid" => Minter.SignedWithUnknownKey(),
            "tampered payload" => Minter.Tampered(),
            "user not in configuration (deleted)" => Minter.Create(subject: "ghost"),
            "disabled user" => Minter.Create(subject: TestUsers.Disabled.Name),
            _ => throw new ArgumentOutOfRangeException(nameof(badToken), badToken, "Unknown case."),
        };

        using var response = await TokenEndpoint.GetMeAsync(client, token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(challenge => challenge.Scheme == "Bearer");
        if (token is not null)
        {
            response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
        }
    }

    [Fact]
    public async Task Unauthorized_ResponseBody_IsProblemDetails()
    {
        using var client = broker.Host.CreateClient();

        using var response = await TokenEndpoint.GetMeAsync(client, accessToken: null);

        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.GetProperty("status").GetInt32().ShouldBe(401);
    }
}
