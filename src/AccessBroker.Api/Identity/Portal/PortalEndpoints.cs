using Microsoft.AspNetCore.Authentication;
using static AccessBroker.Api.Identity.EmbeddedProvider.HtmlPage;

namespace AccessBroker.Api.Identity.Portal;

/// <summary>The portal's sign-out; the pages themselves are Razor Pages (<see cref="AccessBroker.Api.Portal.PortalPages"/>).</summary>
internal static class PortalEndpoints
{
    public static void MapPortalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var portal = endpoints.MapGroup("/portal").ExcludeFromDescription();
        portal.MapPost("/signout", (Delegate)SignOutAsync).RequireAuthorization(PortalSignIn.Policy);
        portal.MapGet("/signed-out", (HttpContext context) =>
            Render(context, "Signed out", "<p role=\"status\">You are signed out. <a href=\"/portal\">Sign in again</a></p>"));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(PortalSignIn.CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/portal/signed-out" }, [PortalSignIn.OidcScheme]);
    }
}
