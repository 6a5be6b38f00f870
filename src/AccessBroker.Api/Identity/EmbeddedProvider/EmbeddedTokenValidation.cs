using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>
/// Points the API's JWT bearer validation at the embedded provider without an HTTP round trip to itself: the
/// provider's signing keys, its issuer (fixed, or the URL of the current request as OpenIddict does), and a check
/// that the token's user or client is still configured and enabled, so removing a user cuts off their tokens at once.
/// </summary>
internal sealed class EmbeddedTokenValidation(
    ProviderKeyStore keys, IOptions<EmbeddedProviderSettings> settings, IHttpContextAccessor accessor, ConfiguredUsers users)
    : IPostConfigureOptions<JwtBearerOptions>
{
    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        options.TokenValidationParameters.IssuerSigningKeys = keys.SigningCertificates.Select(certificate => new X509SecurityKey(certificate)).ToArray();
        options.TokenValidationParameters.IssuerValidator = ValidateIssuer;
        options.Events ??= new JwtBearerEvents();
        options.Events.OnTokenValidated = context =>
        {
            var subject = context.Principal?.FindFirst("sub")?.Value;
            var clientId = context.Principal?.FindFirst("client_id")?.Value;
            var stillAllowed = subject == clientId ? users.IsConfiguredClient(subject) : users.IsActiveUser(subject);
            if (!stillAllowed)
            {
                context.Fail("The token's subject is no longer a configured, enabled user or client.");
            }

            return Task.CompletedTask;
        };
    }

    private string ValidateIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters)
    {
        var expected = ExpectedIssuer(accessor.HttpContext?.Request);
        return string.Equals(issuer, expected, StringComparison.Ordinal)
            ? issuer
            : throw new SecurityTokenInvalidIssuerException($"Issuer '{issuer}' is not this broker's embedded provider ('{expected}').");
    }

    private string? ExpectedIssuer(HttpRequest? request) =>
        request is null ? settings.Value.Issuer?.AbsoluteUri : EmbeddedIssuer.For(request, settings.Value.Issuer).AbsoluteUri;
}
