using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

internal static class TokenClaims
{
    private static readonly string[] BothTokens = [Destinations.AccessToken, Destinations.IdentityToken];

    /// <summary>
    /// OpenIddict leaves a claim out of every token unless told where it goes. The user's claims (subject, name,
    /// email, groups) go into the access token for the API and into the identity token for the portal.
    /// </summary>
    public static IEnumerable<string> For(Claim claim) => BothTokens;
}
