using System.Net;
using System.Text.Json;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>Device authorization grant (RFC 8628) against the embedded provider, approved by posting its pages.</summary>
public sealed class DeviceFlowTests(EmbeddedBrokerFixture broker) : IClassFixture<EmbeddedBrokerFixture>
{
    [Fact]
    public async Task DeviceFlow_UserEntersCodeSignsInAndAllows_PollingClientGetsTokensForThatUser()
    {
        using var client = broker.Host.CreateClient();
        var device = await StartAsync(client);
        (await PollAsync(client, device)).Body.String("error").ShouldBe("authorization_pending");
        using var browser = broker.Host.CreateBrowser();

        var codeForm = await browser.OpenAsync(new Uri(device.String("verification_uri")).PathAndQuery);
        codeForm.Html.ShouldContain("<label for=\"user_code\">");
        var signIn = await browser.SubmitAsync(codeForm, new Dictionary<string, string> { ["user_code"] = device.String("user_code") });
        signIn.Url.AbsolutePath.ShouldBe("/account/signin");
        var confirm = await browser.SignInAsync(signIn, TestUsers.Dev);
        confirm.Html.ShouldContain("as <strong>dev</strong>");
        var done = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["decision"] = "allow" });
        done.Url.AbsolutePath.ShouldBe("/connect/verify/approved");

        var (status, tokens) = await PollAsync(client, device);
        status.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        tokens.String("refresh_token").ShouldNotBeEmpty();
        var me = await TokenEndpoint.GetMeJsonAsync(client, tokens.String("access_token"));
        me.String("subject").ShouldBe("dev");
        me.GetProperty("groups").EnumerateArray().Select(group => group.GetString()).ShouldBe(["payments-devs"]);
    }

    [Fact]
    public async Task DeviceFlow_UserCodeAlreadyUsed_IsRefusedTheSecondTime()
    {
        using var client = broker.Host.CreateClient();
        var device = await StartAsync(client);
        using var browser = broker.Host.CreateBrowser();
        var verifyUrl = $"/connect/verify?user_code={Uri.EscapeDataString(device.String("user_code"))}";
        var confirm = await browser.SignInAsync(await browser.OpenAsync(verifyUrl), TestUsers.Dev);
        await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["decision"] = "allow" });

        var again = await browser.OpenAsync(verifyUrl);

        again.Status.ShouldBe(HttpStatusCode.BadRequest, again.Html);
        again.Html.ShouldContain("role=\"alert\"");
        again.Html.ShouldContain("already used or expired");
    }

    [Fact]
    public async Task DeviceFlow_UserDenies_PollingClientGetsAccessDenied()
    {
        using var client = broker.Host.CreateClient();
        var device = await StartAsync(client);
        using var browser = broker.Host.CreateBrowser();
        var confirm = await browser.SignInAsync(
            await browser.OpenAsync($"/connect/verify?user_code={Uri.EscapeDataString(device.String("user_code"))}"), TestUsers.Dev);

        var done = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["decision"] = "deny" });

        done.Url.AbsolutePath.ShouldBe("/connect/verify/denied");
        (await PollAsync(client, device)).Body.String("error").ShouldBe("access_denied");
    }

    [Fact]
    public async Task DeviceFlow_CodeExpired_VerificationPageSaysSoAndPollingClientGetsExpiredToken()
    {
        var clock = new AdjustableTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await EmbeddedBrokerHost.StartAsync(time: clock);
        using var client = host.CreateClient();
        var device = await StartAsync(client);
        clock.Advance(TimeSpan.FromMinutes(11));
        using var browser = host.CreateBrowser();

        var page = await browser.OpenAsync($"/connect/verify?user_code={Uri.EscapeDataString(device.String("user_code"))}");

        page.Status.ShouldBe(HttpStatusCode.BadRequest, page.Html);
        page.Html.ShouldContain("already used or expired");
        (await PollAsync(client, device)).Body.String("error").ShouldBe("expired_token");
    }

    private static async Task<JsonElement> StartAsync(HttpClient client)
    {
        var (status, device) = await TokenEndpoint.PostAsync(client, "/connect/device", new Dictionary<string, string>
        {
            ["client_id"] = "abctl",
            ["scope"] = "openid profile email offline_access",
        });
        status.ShouldBe(HttpStatusCode.OK, device.ToString());
        device.String("verification_uri").ShouldStartWith(new Uri(client.BaseAddress!, "/connect/verify").AbsoluteUri);
        return device;
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> PollAsync(HttpClient client, JsonElement device) =>
        TokenEndpoint.RequestAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["client_id"] = "abctl",
            ["device_code"] = device.String("device_code"),
        });
}
