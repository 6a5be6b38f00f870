using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static AccessBroker.Api.Identity.EmbeddedProvider.HtmlPage;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>
/// The device flow's verification pages (RFC 8628 section 3.3): enter the user code shown by <c>abctl login</c>,
/// sign in, then allow or deny. OpenIddict checks the code; once used or expired it is refused.
/// </summary>
internal static class DeviceVerificationEndpoints
{
    private const string InvalidCode = "That code is not valid: it may be mistyped, already used or expired. Run 'abctl login' again for a new code.";

    public static void MapDeviceVerificationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ProviderPaths.Verify, ShowAsync).ExcludeFromDescription();
        endpoints.MapPost(ProviderPaths.Verify, DecideAsync).ExcludeFromDescription();
        endpoints.MapGet(ProviderPaths.VerifyApproved, (HttpContext context) => Render(context, "Device signed in",
            "<p role=\"status\">Your device is signed in. You can close this page and return to your terminal.</p>")).ExcludeFromDescription();
        endpoints.MapGet(ProviderPaths.VerifyDenied, (HttpContext context) => Render(context, "Sign-in denied",
            "<p role=\"status\">The device was not signed in.</p>")).ExcludeFromDescription();
    }

    private static async Task<IResult> ShowAsync(HttpContext context, IOpenIddictApplicationManager applications)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (string.IsNullOrEmpty(request.UserCode))
        {
            return CodeForm(context, error: null);
        }

        if (await ValidUserCodeAsync(context) is not { } code)
        {
            return CodeForm(context, InvalidCode);
        }

        var session = await context.AuthenticateAsync(EmbeddedProviderServices.SessionScheme);
        if (session.Principal?.Identity?.Name is not { } userName)
        {
            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [EmbeddedProviderServices.SessionScheme]);
        }

        var clientId = code.GetClaim(OpenIddictConstants.Claims.ClientId)!;
        var application = await applications.FindByClientIdAsync(clientId, context.RequestAborted);
        var clientName = application is null ? clientId : await applications.GetDisplayNameAsync(application, context.RequestAborted);
        var body = $"""
            <p>Sign in <strong>{Encode(clientName)}</strong> as <strong>{Encode(userName)}</strong>?</p>
            <p>Only allow this if you started it yourself and your terminal shows the code <strong>{Encode(request.UserCode)}</strong>.</p>
            <form method="post" action="{Encode(ProviderPaths.Verify)}">
            {AntiforgeryField(context)}
            <input type="hidden" name="user_code" value="{Encode(request.UserCode)}">
            <button type="submit" name="decision" value="allow">Allow</button>
            <button type="submit" name="decision" value="deny">Deny</button>
            </form>
            """;
        return Render(context, "Confirm device sign-in", body);
    }

    private static async Task<IResult> DecideAsync(HttpContext context, ConfiguredUsers users, [FromForm] string? decision)
    {
        var session = await context.AuthenticateAsync(EmbeddedProviderServices.SessionScheme);
        var identity = session.Principal?.Identity?.Name is { } userName
            ? users.CreateUserIdentity(userName, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
            : null;
        if (identity is null)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = ProviderPaths.Verify }, [EmbeddedProviderServices.SessionScheme]);
        }

        if (await ValidUserCodeAsync(context) is not { } code)
        {
            return CodeForm(context, InvalidCode);
        }

        if (decision != "allow")
        {
            return Results.Forbid(new AuthenticationProperties { RedirectUri = ProviderPaths.VerifyDenied }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        identity.SetScopes(code.GetScopes());
        return AuthorizationEndpoints.SignIn(identity, new AuthenticationProperties { RedirectUri = ProviderPaths.VerifyApproved });
    }

    /// <summary>
    /// The user code's principal, or null when the code is unknown, used or expired: OpenIddict reports those as a
    /// successful authentication with an empty principal, so the client id is what shows a real code.
    /// </summary>
    private static async Task<ClaimsPrincipal?> ValidUserCodeAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return result.Principal?.GetClaim(OpenIddictConstants.Claims.ClientId) is null ? null : result.Principal;
    }

    private static IResult CodeForm(HttpContext context, string? error)
    {
        var invalid = error is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"error\"";
        var body = $"""
            {Error(error)}
            <p>Enter the code that <code>abctl login</code> printed in your terminal.</p>
            <form method="get" action="{Encode(ProviderPaths.Verify)}">
            <label for="user_code">Code</label>
            <input type="text" id="user_code" name="user_code" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus{invalid}>
            <button type="submit">Continue</button>
            </form>
            """;
        return Render(context, "Sign in a device", body, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
