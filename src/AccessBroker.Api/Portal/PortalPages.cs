using System.Reflection;
using AccessBroker.Api.Identity.EmbeddedProvider;
using AccessBroker.Api.Identity.Portal;
using AccessBroker.Api.Settings;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Portal;

/// <summary>
/// The portal: server-rendered Razor Pages under <c>/portal</c> that send the same Mediator commands and queries as the
/// API. Every portal response carries the security headers below; errors are HTML pages, never a stack trace.
/// </summary>
internal static class PortalPages
{
    public const string PathPrefix = "/portal";
    private const string AssetsPath = "/portal/assets/";

    public static void AddPortalPages(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Portal/Pages";
                options.Conventions.Add(new PortalRoutePrefix());
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // Pages are found in the entry assembly's parts; a host whose entry assembly is another one (a test
                // host) would have none, so the broker's own assembly is added when missing.
                var assembly = typeof(PortalPages).Assembly;
                if (!parts.ApplicationParts.Any(part => part.Name == assembly.GetName().Name))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
        services.Configure<RouteOptions>(options => options.LowercaseUrls = true);
    }

    /// <summary>Security headers and HTML error pages for everything under <c>/portal</c>; must run inside the API's exception handler.</summary>
    public static void UsePortalResponses(this WebApplication app)
    {
        var contentSecurityPolicy = ContentSecurityPolicy(app.Services);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PathPrefix), portal => portal.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments(AssetsPath.TrimEnd('/')))
            {
                headers.CacheControl = "no-store";
            }

            try
            {
                await next(context);
            }
            catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILogger<PortalPageModel>>()
                    .LogError(exception, "Unhandled exception for portal {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Clear();
                await ErrorPage(context, StatusCodes.Status500InternalServerError);
                return;
            }

            if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null && context.Response.ContentType is null)
            {
                await ErrorPage(context, context.Response.StatusCode);
            }
        }));
    }

    public static void MapPortalPages(this WebApplication app)
    {
        app.MapGet(AssetsPath + "{file}", (string file) => Asset(file)).ExcludeFromDescription().AllowAnonymous();
        app.MapRazorPages().RequireAuthorization(PortalSignIn.Policy);
    }

    /// <summary>
    /// No inline script or style; forms post only to the broker itself — and to an external provider, whose sign-out
    /// page the sign-out form is redirected to (form-action applies to redirects after a submission).
    /// </summary>
    private static string ContentSecurityPolicy(IServiceProvider services)
    {
        var authority = services.GetRequiredService<IOptions<AuthenticationSettings>>().Value.Authority;
        var formAction = authority is null ? "'self'" : $"'self' {authority.GetLeftPart(UriPartial.Authority)}";
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action {formAction}";
    }

    private static Task ErrorPage(HttpContext context, int status)
    {
        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        var (title, message) = status switch
        {
            StatusCodes.Status400BadRequest => ("Request refused", "The form could not be accepted. It may have expired or come from another site; go back, reload the page and try again."),
            StatusCodes.Status403Forbidden => ("Not allowed", "You are not allowed to see this page."),
            StatusCodes.Status404NotFound => ("Not found", "There is no such page in the portal."),
            _ => ("Something went wrong", "The broker could not complete this request. Try again; if it keeps failing, give your administrator the trace id below."),
        };
        var body = $"""
            <p role="alert">{HtmlPage.Encode(message)}</p>
            <p>Trace id: <code>{HtmlPage.Encode(traceId)}</code></p>
            <p><a href="/portal/access">Back to my access</a></p>
            """;
        return HtmlPage.Render(context, title, body, status).ExecuteAsync(context);
    }

    private static IResult Asset(string file)
    {
        var contentType = Path.GetExtension(file) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        var stream = contentType is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream($"PortalAssets.{file}");
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }

    /// <summary>Pages live under <c>/portal</c>: <c>Pages/Access.cshtml</c> answers <c>/portal/access</c>.</summary>
    private sealed class PortalRoutePrefix : IPageRouteModelConvention
    {
        public void Apply(PageRouteModel model)
        {
            foreach (var selector in model.Selectors)
            {
                selector.AttributeRouteModel!.Template = AttributeRouteModel.CombineTemplates(PathPrefix.TrimStart('/'), selector.AttributeRouteModel.Template);
            }
        }
    }
}
