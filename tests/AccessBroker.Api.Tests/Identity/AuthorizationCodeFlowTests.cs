using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Microsoft.IdentityModel.Tokens;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>Authorization code + PKCE (RFC 7636) against the embedded provider, through its sign-in form.</summary>
public sealed class AuthorizationCodeFlowTests(EmbeddedBrokerFixture broker) : IClassFixture<EmbeddedBrokerFixture>
{
    private const string ClientId = "test-web";

    [Fact]
    public async Task CodeFlowWithPkce_UserSignsInWithTheForm_TokensCarryTheUserAndCallTheApi()
    {
        using var browser = broker.Host.CreateBrowser();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        var signIn = await browser.OpenAsync(AuthorizeUrl(Challenge(verifier), state: "state-1"));
        signIn.Url.AbsolutePath.ShouldBe("/account/signin");
        var callback = await browser.SignInAsync(signIn, TestUsers.Dev);

        var redirect = callback.ShouldRedirectToClient();
        redirect.GetLeftPart(UriPartial.Path).ShouldBe(EmbeddedBrokerHost.TestClientRedirectUri);
        var query = HttpUtility.ParseQueryString(redirect.Query);
        query["state"].ShouldBe("state-1");
        using var client = broker.Host.CreateClient();
        var (status, tokens) = await TokenEndpoint.RequestAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = query["code"]!,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = EmbeddedBrokerHost.TestClientRedirectUri,
        });

        status.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        tokens.String("refresh_token").ShouldNotBeEmpty();
        var accessToken = TokenEndpoint.Read(tokens.String("access_token"));
        accessToken.Typ.ShouldBe("at+jwt");
        accessToken.Issuer.ShouldBe(broker.Host.Issuer);
        accessToken.Audiences.ShouldBe(["accessbroker"]);
        var me = await TokenEndpoint.GetMeJsonAsync(client, tokens.String("access_token"));
        me.String("subject").ShouldBe("dev");
        me.String("name").ShouldBe("Dana Developer");
        me.String("email").ShouldBe("dev@example.com");
        me.GetProperty("groups").EnumerateArray().Select(group => group.GetString()).ShouldBe(["payments-devs"]);
        me.GetProperty("isAdmin").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task CodeFlow_WithoutCodeChallenge_IsRefusedBeforeSignIn()
    {
        using var browser = broker.Host.CreateBrowser();

        var result = await browser.OpenAsync($"/connect/authorize?client_id={ClientId}&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(EmbeddedBrokerHost.TestClientRedirectUri)}");

        result.Url.AbsolutePath.ShouldBe("/connect/authorize");
        result.Status.ShouldBe(HttpStatusCode.BadRequest);
        result.Html.ShouldContain("error:invalid_request");
        result.Html.ShouldContain("code_challenge");
    }

    [Fact]
    public async Task CodeFlow_WrongCodeVerifier_TokenRequestIsRefused()
    {
        using var browser = broker.Host.CreateBrowser();
        var signIn = await browser.OpenAsync(AuthorizeUrl(Challenge("the-verifier-the-client-really-used-0123456789"), state: "s"));
        var callback = await browser.SignInAsync(signIn, TestUsers.Dev);
        using var client = broker.Host.CreateClient();

        var (status, error) = await TokenEndpoint.RequestAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = HttpUtility.ParseQueryString(callback.ShouldRedirectToClient().Query)["code"]!,
            ["code_verifier"] = "an-attacker-guess-that-is-long-enough-0123456789",
            ["redirect_uri"] = EmbeddedBrokerHost.TestClientRedirectUri,
        });

        status.ShouldBe(HttpStatusCode.BadRequest);
        error.String("error").ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task RefreshToken_FromTheCodeFlow_GivesANewWorkingAccessToken()
    {
        using var client = broker.Host.CreateClient();
        var tokens = await SignInAsync(TestUsers.Auditor);

        var (status, refreshed) = await TokenEndpoint.RequestAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ClientId,
            ["refresh_token"] = tokens.RefreshToken,
        });

        status.ShouldBe(HttpStatusCode.OK, refreshed.ToString());
        refreshed.String("access_token").ShouldNotBe(tokens.AccessToken);
        var me = await TokenEndpoint.GetMeJsonAsync(client, refreshed.String("access_token"));
        me.String("subject").ShouldBe("auditor");
        me.GetProperty("isAuditor").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task RefreshToken_AfterTheUserIsDisabled_IsRefused()
    {
        using var client = broker.Host.CreateClient();
        var tokens = await SignInAsync(TestUsers.Leaver);
        broker.Host.Reconfigure("Identity:Users:leaver:Disabled", "true");
        try
        {
            var (status, error) = await TokenEndpoint.RequestAsync(client, new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = ClientId,
                ["refresh_token"] = tokens.RefreshToken,
            });

            status.ShouldBe(HttpStatusCode.BadRequest);
            error.String("error").ShouldBe("invalid_grant");
            using var me = await TokenEndpoint.GetMeAsync(client, tokens.AccessToken);
            me.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally
        {
            broker.Host.Reconfigure("Identity:Users:leaver:Disabled", "false");
        }
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsTheFormAgainWithAnAnnouncedError()
    {
        using var browser = broker.Host.CreateBrowser();
        var signIn = await browser.OpenAsync(AuthorizeUrl(Challenge("verifier-0123456789-0123456789-0123456789"), state: "s"));

        var retry = await browser.SubmitAsync(signIn, new Dictionary<string, string> { ["userName"] = "dev", ["password"] = "wrong" });

        retry.Status.ShouldBe(HttpStatusCode.BadRequest);
        retry.Html.ShouldContain("role=\"alert\"");
        retry.Html.ShouldContain("<label for=\"password\">");
        retry.RedirectedTo.ShouldBeNull();
    }

    [Fact]
    public async Task SignIn_PostedWithoutTheAntiforgeryToken_IsRefused()
    {
        using var client = broker.Host.CreateClient();

        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "dev",
            ["password"] = "dev-password",
            ["returnUrl"] = "/",
        }), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    internal async Task<(string AccessToken, string RefreshToken)> SignInAsync(TestUser user)
    {
        using var browser = broker.Host.CreateBrowser();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var callback = await browser.SignInAsync(await browser.OpenAsync(AuthorizeUrl(Challenge(verifier), state: "s")), user);
        using var client = broker.Host.CreateClient();
        var (status, tokens) = await TokenEndpoint.RequestAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = HttpUtility.ParseQueryString(callback.ShouldRedirectToClient().Query)["code"]!,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = EmbeddedBrokerHost.TestClientRedirectUri,
        });
        status.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        return (tokens.String("access_token"), tokens.String("refresh_token"));
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string AuthorizeUrl(string challenge, string state) =>
        $"/connect/authorize?client_id={ClientId}&response_type=code&scope={Uri.EscapeDataString("openid profile email offline_access")}"
        + $"&redirect_uri={Uri.EscapeDataString(EmbeddedBrokerHost.TestClientRedirectUri)}&state={state}"
        + $"&code_challenge={challenge}&code_challenge_method=S256";
}
