using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static AccessBroker.Api.Identity.EmbeddedProvider.HtmlPage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>
/// The passthrough endpoints of the embedded provider: OpenIddict validates each request (client, redirect URI,
/// PKCE, codes) before these run; they decide who the user is and which claims go into the tokens.
/// </summary>
internal static class AuthorizationEndpoints
{
    public static void MapAuthorizationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(ProviderPaths.Authorize, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).ExcludeFromDescription();
        endpoints.MapPost(ProviderPaths.Token, ExchangeAsync).ExcludeFromDescription().DisableAntiforgery();
        endpoints.MapGet(ProviderPaths.EndSession, EndSessionForm).ExcludeFromDescription();
        endpoints.MapPost(ProviderPaths.EndSession, (Delegate)EndSessionAsync).ExcludeFromDescription();
        endpoints.MapGet(ProviderPaths.SignedOut, (HttpContext context) =>
            Render(context, "Signed out", "<p>You are signed out of AccessBroker.</p>")).ExcludeFromDescription();
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, ConfiguredUsers users)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(EmbeddedProviderServices.SessionScheme);
        var identity = session.Principal?.Identity?.Name is { } userName
            ? users.CreateUserIdentity(userName, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
            : null;
        if (identity is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Reject(Errors.LoginRequired, "The user is not signed in.");
            }

            var parameters = context.Request.HasFormContentType ? context.Request.Form.ToList() : context.Request.Query.ToList();
            var returnUrl = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [EmbeddedProviderServices.SessionScheme]);
        }

        // The broker's clients are its own first-party applications, so consent is implied by signing in.
        identity.SetScopes(request.GetScopes());
        return SignIn(identity);
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, ConfiguredUsers users)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var client = users.CreateClientIdentity(request.ClientId!, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (client is null)
            {
                return Reject(Errors.InvalidClient, "The client is no longer configured.");
            }

            client.SetScopes(request.GetScopes());
            return SignIn(client);
        }

        // Codes, device codes and refresh tokens carry the user who approved them; OpenIddict has checked them.
        var stored = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var identity = stored is null ? null : users.RefreshUserIdentity(stored);
        return identity is null
            ? Reject(Errors.InvalidGrant, "The user no longer exists or is disabled.")
            : SignIn(identity);
    }

    private static IResult EndSessionForm(HttpContext context)
    {
        var hidden = string.Concat(context.Request.Query.Select(parameter =>
            $"<input type=\"hidden\" name=\"{Encode(parameter.Key)}\" value=\"{Encode(parameter.Value)}\">"));
        var body = $"""
            <p>Sign out of AccessBroker on this browser?</p>
            <form method="post" action="{Encode(ProviderPaths.EndSession)}">
            {AntiforgeryField(context)}{hidden}
            <button type="submit">Sign out</button>
            </form>
            """;
        return Render(context, "Sign out", body);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context)
    {
        await context.SignOutAsync(EmbeddedProviderServices.SessionScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = ProviderPaths.SignedOut }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    internal static IResult SignIn(ClaimsIdentity identity, AuthenticationProperties? properties = null)
    {
        identity.SetDestinations(TokenClaims.For);
        return Results.SignIn(new ClaimsPrincipal(identity), properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    internal static IResult Reject(string error, string description, AuthenticationProperties? properties = null)
    {
        properties ??= new AuthenticationProperties();
        properties.Items[OpenIddictServerAspNetCoreConstants.Properties.Error] = error;
        properties.Items[OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description;
        return Results.Forbid(properties, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
