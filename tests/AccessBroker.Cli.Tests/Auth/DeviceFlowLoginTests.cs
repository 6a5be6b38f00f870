using System.Net;
using System.Text;
using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Tests.Auth;

/// <summary>How <c>abctl login</c> answers each token endpoint reply of RFC 8628 section 3.5.</summary>
public sealed class DeviceFlowLoginTests
{
    private static readonly Uri Server = new("https://broker.example.com/");

    [Fact]
    public async Task Login_UsesTheProviderInterval_AndWaitsFiveSecondsLongerAfterSlowDown()
    {
        var waits = new List<TimeSpan>();
        var login = Login(["authorization_pending", "slow_down", "token"], waits, out var output, interval: 7);

        var session = await login.LoginAsync(Server, openBrowser: null, TestContext.Current.CancellationToken);

        waits.ShouldBe([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(12)]);
        session.AccessToken.ShouldBe("the-access-token");
        session.RefreshToken.ShouldBe("the-refresh-token");
        output.ToString().ShouldContain("open https://idp.example.com/device in a browser and enter the code WDJB-MJHT");
    }

    [Theory]
    [InlineData("expired_token", "the code expired")]
    [InlineData("access_denied", "denied in the browser")]
    [InlineData("invalid_client", "sign-in failed")]
    public async Task Login_ProviderEndsThePolling_FailsWithAClearMessage(string error, string message)
    {
        var login = Login(["authorization_pending", error], [], out _, interval: null);

        var failure = await Should.ThrowAsync<CliException>(() => login.LoginAsync(Server, openBrowser: null, TestContext.Current.CancellationToken));

        failure.Message.ShouldContain(message);
        failure.ExitCode.ShouldBe(ExitCodes.NotSignedIn);
    }

    [Fact]
    public async Task Login_WithoutAnIntervalFromTheProvider_PollsEveryFiveSeconds()
    {
        var waits = new List<TimeSpan>();
        var login = Login(["token"], waits, out _, interval: null);

        await login.LoginAsync(Server, openBrowser: null, TestContext.Current.CancellationToken);

        waits.ShouldBe([TimeSpan.FromSeconds(5)]);
    }

    private static DeviceFlowLogin Login(string[] tokenReplies, List<TimeSpan> waits, out StringWriter output, int? interval)
    {
        var replies = new Queue<string>(tokenReplies);
        var handler = new ScriptedHandler(request => request.RequestUri!.AbsoluteUri switch
        {
            "https://broker.example.com/.well-known/accessbroker" =>
                Json("""{"authority":"https://idp.example.com","audience":"accessbroker","cliClientId":"abctl","cliScopes":"openid offline_access"}"""),
            "https://idp.example.com/.well-known/openid-configuration" =>
                Json("""{"device_authorization_endpoint":"https://idp.example.com/device","token_endpoint":"https://idp.example.com/token"}"""),
            "https://idp.example.com/device" => Json($$"""
                {"device_code":"dc","user_code":"WDJB-MJHT","verification_uri":"https://idp.example.com/device","expires_in":600{{(interval is null ? "" : $",\"interval\":{interval}")}}}
                """),
            "https://idp.example.com/token" => replies.Dequeue() is var reply && reply == "token"
                ? Json("""{"access_token":"the-access-token","refresh_token":"the-refresh-token","expires_in":900}""")
                : Json($$"""{"error":"{{reply}}"}""", HttpStatusCode.BadRequest),
            var other => throw new InvalidOperationException($"unexpected request to {other}"),
        });
        output = new StringWriter();
        return new DeviceFlowLogin(new HttpClient(handler), TimeProvider.System, output, (delay, _) =>
        {
            waits.Add(delay);
            return Task.CompletedTask;
        });
    }

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond(request));
    }
}
