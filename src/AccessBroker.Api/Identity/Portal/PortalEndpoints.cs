using AccessBroker.Api.Features.Me;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using static AccessBroker.Api.Identity.EmbeddedProvider.HtmlPage;

namespace AccessBroker.Api.Identity.Portal;

/// <summary>The portal's signed-in landing page and sign-out; later portal pages join this group.</summary>
internal static class PortalEndpoints
{
    public static void MapPortalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var portal = endpoints.MapGroup("/portal").ExcludeFromDescription();
        portal.MapGet("/", LandingAsync).RequireAuthorization(PortalSignIn.Policy);
        portal.MapPost("/signout", (Delegate)SignOutAsync).RequireAuthorization(PortalSignIn.Policy);
        portal.MapGet("/signed-out", (HttpContext context) =>
            Render(context, "Signed out", "<p role=\"status\">You are signed out. <a href=\"/portal\">Sign in again</a></p>"));
    }

    private static async Task<IResult> LandingAsync(HttpContext context, IMediator mediator, CancellationToken cancellationToken)
    {
        var me = await mediator.Send(new GetMe(), cancellationToken);
        var roles = string.Join(", ", new[] { me.IsAuditor ? "auditor" : null, me.IsAdmin ? "admin" : null }.OfType<string>());
        var body = $"""
            <p>Signed in as <strong>{Encode(me.Name)}</strong> ({Encode(me.Subject)}).</p>
            <dl>
            <dt>Email</dt><dd>{Encode(me.Email ?? "-")}</dd>
            <dt>Groups</dt><dd>{Encode(me.Groups.Count == 0 ? "-" : string.Join(", ", me.Groups))}</dd>
            <dt>Roles</dt><dd>{Encode(roles.Length == 0 ? "requester" : roles)}</dd>
            </dl>
            <form method="post" action="/portal/signout">
            {AntiforgeryField(context)}
            <button type="submit">Sign out</button>
            </form>
            """;
        return Render(context, "AccessBroker", body);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(PortalSignIn.CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/portal/signed-out" }, [PortalSignIn.OidcScheme]);
    }
}
