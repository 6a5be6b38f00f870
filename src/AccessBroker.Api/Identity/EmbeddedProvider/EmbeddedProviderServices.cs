using AccessBroker.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

internal static class EmbeddedProviderServices
{
    /// <summary>The provider's own sign-in session (a cookie on the provider's pages), distinct from the portal's.</summary>
    public const string SessionScheme = "AccessBroker.ProviderSession";

    public static void AddEmbeddedProvider(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedProviderSettings>().BindConfiguration(EmbeddedProviderSettings.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddedProviderSettings>, EmbeddedProviderSettingsValidator>();
        services.AddSingleton(provider => ProviderKeyStore.LoadOrCreate(
            provider.GetRequiredService<IOptions<EmbeddedProviderSettings>>().Value.KeysDirectory,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ConfiguredUsers>();
        services.AddHostedService<ClientRegistrationSync>();

        services.AddAuthentication().AddCookie(SessionScheme, cookie =>
        {
            cookie.Cookie.Name = "accessbroker.provider";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = ProviderPaths.SignIn;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = false;
        });

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<AccessBrokerDbContext>();
                core.ReplaceApplicationManager(typeof(ConfiguredSecretApplicationManager<>));
            })
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(ProviderPaths.Authorize)
                    .SetTokenEndpointUris(ProviderPaths.Token)
                    .SetDeviceAuthorizationEndpointUris(ProviderPaths.DeviceAuthorization)
                    .SetEndUserVerificationEndpointUris(ProviderPaths.Verify)
                    .SetEndSessionEndpointUris(ProviderPaths.EndSession)
                    .SetRevocationEndpointUris(ProviderPaths.Revoke);
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowDeviceAuthorizationFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);

                // Access tokens stay plain signed JWTs (RFC 9068) so that the API, and anything else holding the
                // JWKS, can verify them like tokens of an external provider. Codes and refresh tokens stay encrypted.
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            });

        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<EmbeddedProviderSettings>, ProviderKeyStore>(ConfigureServer);
        services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<IOptions<EmbeddedProviderSettings>>((aspNetCore, settings) =>
            aspNetCore.DisableTransportSecurityRequirement = !settings.Value.RequireHttps);
    }

    private static void ConfigureServer(OpenIddictServerOptions server, IOptions<EmbeddedProviderSettings> options, ProviderKeyStore keys)
    {
        var settings = options.Value;
        server.Issuer = settings.Issuer;
        server.AccessTokenLifetime = settings.AccessTokenLifetime;
        server.IdentityTokenLifetime = settings.AccessTokenLifetime;
        server.RefreshTokenLifetime = settings.RefreshTokenLifetime;
        server.DeviceCodeLifetime = settings.DeviceCodeLifetime;

        // PKCE "plain" protects nothing against an attacker who can read the authorization request (RFC 7636 section 7.2).
        server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
        server.UserCodeLifetime = settings.DeviceCodeLifetime;
        foreach (var certificate in keys.SigningCertificates)
        {
            server.SigningCredentials.Add(new SigningCredentials(new X509SecurityKey(certificate), SecurityAlgorithms.RsaSha256));
        }

        foreach (var certificate in keys.EncryptionCertificates)
        {
            server.EncryptionCredentials.Add(new EncryptingCredentials(
                new X509SecurityKey(certificate), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }
}
