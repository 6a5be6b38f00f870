using AccessBroker.Api.Identity.EmbeddedProvider;
using AccessBroker.Api.Settings;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AccessBroker.Api.Identity.Portal;

/// <summary>
/// The portal's sign-in: a cookie session started by the OpenID Connect code flow with PKCE against the same
/// authority the API trusts (the external provider, or the embedded one at <c>Identity:Issuer</c>).
/// </summary>
internal static class PortalSignIn
{
    public const string CookieScheme = "AccessBroker.Portal";
    public const string OidcScheme = "AccessBroker.PortalOidc";
    public const string Policy = "Portal";

    public static void AddPortalSignIn(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "accessbroker.portal";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ForwardChallenge = OidcScheme;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            })
            .AddOpenIdConnect(OidcScheme, _ => { });
        services.AddOptions<OpenIdConnectOptions>(OidcScheme)
            .Configure<IOptions<AuthenticationSettings>, IServiceProvider>((oidc, settings, provider) =>
                Configure(oidc, settings.Value, provider.GetService<IOptions<EmbeddedProviderSettings>>()?.Value));
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
    }

    private static void Configure(OpenIdConnectOptions oidc, AuthenticationSettings authentication, EmbeddedProviderSettings? embedded)
    {
        oidc.Authority = (authentication.Authority ?? embedded?.Issuer)?.AbsoluteUri;
        if (oidc.Authority is null)
        {
            // Without a fixed authority the portal is unavailable (IsAvailable), but the handler still looks at every
            // request for its callback path and refuses options without any metadata source: an empty configuration
            // keeps the rest of the broker (health, API, embedded provider) serving.
            oidc.Configuration = new OpenIdConnectConfiguration();
        }

        oidc.RequireHttpsMetadata = authentication.UsesEmbeddedProvider ? embedded?.RequireHttps ?? true : authentication.RequireHttpsMetadata;
        oidc.ClientId = authentication.PortalClientId;
        oidc.ClientSecret = authentication.PortalClientSecret;
        oidc.SignInScheme = CookieScheme;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.UsePkce = true;

        // The default form_post needs script to auto-submit; a query response works in any browser (OIDC Core 3.1.2.5).
        // A top-level GET also carries SameSite=Lax cookies, so the correlation and nonce cookies need not be None.
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.CorrelationCookie.SameSite = oidc.NonceCookie.SameSite = SameSiteMode.Lax;

        // Secure cookies only over HTTPS, so the sandbox on http://localhost works; deployments use HTTPS.
        oidc.CorrelationCookie.SecurePolicy = oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.CallbackPath = "/portal/signin-oidc";
        oidc.SignedOutCallbackPath = "/portal/signout-callback-oidc";
        oidc.SignedOutRedirectUri = "/portal/signed-out";
        oidc.MapInboundClaims = false;
        oidc.TokenValidationParameters.NameClaimType = "name";
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.SaveTokens = true;
        oidc.Scope.Clear();
        foreach (var scope in authentication.PortalScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            oidc.Scope.Add(scope);
        }
    }

    /// <summary>The portal needs an authority URL fixed in configuration: the external one, or <c>Identity:Issuer</c>.</summary>
    public static bool IsAvailable(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AuthenticationSettings>>().Value.Authority is not null
        || services.GetService<IOptions<EmbeddedProviderSettings>>()?.Value.Issuer is not null;
}
