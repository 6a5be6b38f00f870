using AccessBroker.Api.Identity.EmbeddedProvider;
using AccessBroker.Api.Identity.Portal;
using AccessBroker.Api.Settings;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Identity;

/// <summary>
/// The API accepts JWT access tokens (RFC 9068) from one authority: the external provider of
/// <c>Authentication:Authority</c> (keys from its JWKS, refetched when an unknown <c>kid</c> appears), or, when that
/// is empty, the embedded provider (keys from its key store).
/// </summary>
internal static class ApiAuthentication
{
    public static void AddApiAuthentication(this WebApplicationBuilder builder)
    {
        var usesEmbeddedProvider = string.IsNullOrWhiteSpace(builder.Configuration[$"{AuthenticationSettings.SectionName}:Authority"]);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthenticationSettings>>((jwt, settings) =>
            {
                var authentication = settings.Value;
                jwt.Authority = authentication.Authority?.ToString();
                jwt.Audience = authentication.Audience;
                jwt.RequireHttpsMetadata = authentication.RequireHttpsMetadata;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.NameClaimType = "name";
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
                jwt.TokenValidationParameters.ValidTypes = ["at+jwt", "JWT"];
            });

        if (usesEmbeddedProvider)
        {
            builder.Services.AddEmbeddedProvider();
            builder.Services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, EmbeddedTokenValidation>();
        }

        builder.Services.AddAuthorization();
        builder.Services.AddPortalSignIn();

        // The pipeline always validates antiforgery tokens of form posts (sign-in pages, later the portal).
        builder.Services.AddAntiforgery();
    }
}
