using System.Net;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>The portal's cookie sign-in through the OpenID Connect code flow with PKCE against the embedded provider.</summary>
public sealed class PortalSignInTests(EmbeddedBrokerFixture broker) : IClassFixture<EmbeddedBrokerFixture>
{
    [Fact]
    public async Task Portal_SignInThroughTheProvider_LandingPageShowsTheUser_SignOutEndsTheSession()
    {
        using var browser = broker.Host.CreateBrowser();

        var signIn = await browser.OpenAsync("/portal");
        signIn.Url.AbsolutePath.ShouldBe("/account/signin");
        var landing = await browser.SignInAsync(signIn, TestUsers.Auditor);

        landing.Status.ShouldBe(HttpStatusCode.OK, landing.Html);
        landing.Url.AbsolutePath.ShouldBe("/portal");
        landing.Html.ShouldContain("Signed in as <strong>Ada Auditor</strong> (auditor)");
        landing.Html.ShouldContain("<dd>security-auditors</dd>");
        landing.Html.ShouldContain("<dd>auditor</dd>");

        var confirmSignOut = await browser.SubmitAsync(landing, new Dictionary<string, string>());
        confirmSignOut.Url.AbsolutePath.ShouldBe("/connect/endsession");
        var signedOut = await browser.SubmitAsync(confirmSignOut, new Dictionary<string, string>());
        signedOut.Url.AbsolutePath.ShouldBe("/portal/signed-out");
        (await browser.OpenAsync("/portal")).Url.AbsolutePath.ShouldBe("/account/signin");
    }
}
