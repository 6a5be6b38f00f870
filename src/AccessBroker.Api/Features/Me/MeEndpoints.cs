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
        return api;
    }

    private static async Task<Ok<MeResponse>> GetAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetMe(), cancellationToken));
}
