using AccessBroker.Api.Features.Actions;
using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Features.Policies;
using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Features.Requests;
using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Api.Portal;
using Scalar.AspNetCore;
using Serilog;

namespace AccessBroker.Api.Hosting;

internal static class AccessBrokerPipeline
{
    public static WebApplication UseAccessBroker(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePortalResponses();
        app.UseSerilogRequestLogging();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseCaseInsensitiveEnumQueries();

        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/reference", options => options.WithTitle("AccessBroker API"));

        var api = app.MapGroup("/api/v1");
        api.MapRequestsEndpoints();
        api.MapPoliciesEndpoints();
        api.MapGrantsEndpoints();
        api.MapActionsEndpoints();
        app.MapIdentityEndpoints(api);
        api.MapAuditEndpoints();
        app.MapFallback("/api/{**path}", NoSuchEndpoint);

        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("AccessBroker listening on {Urls}", string.Join(", ", app.Urls)));
        return app;
    }

    private static IResult NoSuchEndpoint(HttpContext context) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No such API endpoint.",
            detail: $"{context.Request.Method} {context.Request.Path} does not exist; see /openapi/v1.json for the API.",
            type: ProblemTypes.NotFound);
}
