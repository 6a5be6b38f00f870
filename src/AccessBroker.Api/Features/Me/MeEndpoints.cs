using Microsoft.AspNetCore.Http.HttpResults;
using Mediator;

namespace AccessBroker.Api.Features.Me;

internal static class MeEndpoints
{
    public static RouteGroupBuilder MapMeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me", GetAsync)
            .WithTags("Identity")
            .WithName("GetMe")
            .WithSummary("The caller's subject, name, email, groups and whether they are auditor or admin.")
            .RequireAuthorization();
        api.MapGet("/me/requestable", RequestableAsync)
            .WithTags("Identity")
            .WithName("GetRequestableAccess")
            .WithSummary("What the caller may ask for: the clusters, namespace patterns, roles (with their templates), maximum duration and approval of each policy that includes them.")
            .RequireAuthorization();
        return api;
    }

    private static async Task<Ok<MeResponse>> GetAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetMe(), cancellationToken));

    private static async Task<Ok<RequestableAccess>> RequestableAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetRequestableAccess(), cancellationToken));
}
