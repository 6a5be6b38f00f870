using AccessBroker.Api.Features.Me;
using AccessBroker.Api.Identity.EmbeddedProvider;
using AccessBroker.Api.Identity.Portal;
using AccessBroker.Api.Portal;
using AccessBroker.Api.Settings;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Identity;

internal static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this WebApplication app, RouteGroupBuilder api)
    {
        app.MapBrokerDiscovery();
        api.MapMeEndpoints();
        if (PortalSignIn.IsAvailable(app.Services))
        {
            app.MapPortalEndpoints();
            app.MapPortalPages();
        }

        if (app.Services.GetRequiredService<IOptions<AuthenticationSettings>>().Value.UsesEmbeddedProvider)
        {
            app.MapSignInEndpoints();
            app.MapAuthorizationEndpoints();
            app.MapDeviceVerificationEndpoints();
        }
    }
}
