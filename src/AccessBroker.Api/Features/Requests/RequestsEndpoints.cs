using AccessBroker.Core.Requests;
using Mediator;

namespace AccessBroker.Api.Features.Requests;

internal static class RequestsEndpoints
{
    public static RouteGroupBuilder MapRequestsEndpoints(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/requests").WithTags("Requests").RequireAuthorization();
        requests.MapGet("/", ListAsync)
            .WithName("ListRequests")
            .WithSummary("List the caller's access requests, newest first (cursor pagination).");
        return api;
    }

    private static async Task<IResult> ListAsync(
        IMediator mediator, AccessRequestStatus? status, int? limit, string? cursor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListRequests(status, limit ?? ListRequests.DefaultLimit, cursor), cancellationToken));
}
