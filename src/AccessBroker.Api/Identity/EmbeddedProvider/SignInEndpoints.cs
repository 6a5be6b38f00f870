using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using static AccessBroker.Api.Identity.EmbeddedProvider.HtmlPage;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>The embedded provider's sign-in form, which starts the provider's own session cookie.</summary>
internal static class SignInEndpoints
{
    public static void MapSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ProviderPaths.SignIn, (HttpContext context, [FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
            SignInForm(context, returnUrl, userName: null, error: null)).ExcludeFromDescription();
        endpoints.MapPost(ProviderPaths.SignIn, SignInAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, ConfiguredUsers users, ILogger<ConfiguredUsers> logger,
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || !users.CheckPassword(userName, password))
        {
            logger.LogWarning("Embedded provider sign-in failed for {UserName}", userName);
            return SignInForm(context, returnUrl, userName, "The user name or password is not correct.", StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity(EmbeddedProviderServices.SessionScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, userName));
        await context.SignInAsync(EmbeddedProviderServices.SessionScheme, new ClaimsPrincipal(identity));
        logger.LogInformation("Embedded provider sign-in of {UserName}", userName);
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static IResult SignInForm(HttpContext context, string? returnUrl, string? userName, string? error, int statusCode = StatusCodes.Status200OK)
    {
        var invalid = error is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"error\"";
        var body = $"""
            {Error(error)}
            <form method="post" action="{Encode(ProviderPaths.SignIn)}">
            {AntiforgeryField(context)}
            <input type="hidden" name="returnUrl" value="{Encode(IsLocal(returnUrl) ? returnUrl : "/")}">
            <label for="userName">User name</label>
            <input type="text" id="userName" name="userName" value="{Encode(userName)}" autocomplete="username" required autofocus{invalid}>
            <label for="password">Password</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required{invalid}>
            <button type="submit">Sign in</button>
            </form>
            """;
        return Render(context, "Sign in", body, statusCode);
    }

    /// <summary>Only paths on this host: an absolute or protocol-relative return URL would be an open redirect.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
