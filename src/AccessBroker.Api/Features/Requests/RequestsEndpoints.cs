using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Requests;
using Mediator;

namespace AccessBroker.Api.Features.Requests;

internal static class RequestsEndpoints
{
    public static RouteGroupBuilder MapRequestsEndpoints(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/requests").WithTags("Requests").RequireAuthorization();
        requests.MapGet("", ListAsync)
            .WithName("ListRequests")
            .WithSummary("List the caller's access requests, newest first (cursor pagination).");
        requests.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelRequest")
            .WithSummary("Withdraw one of the caller's pending requests.");
        return api;
    }

    private static async Task<IResult> ListAsync(
        IMediator mediator, AccessRequestStatus? status, int? limit, string? cursor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListRequests(status, limit ?? ListRequests.DefaultLimit, cursor), cancellationToken));

    private static async Task<IResult> CancelAsync(IMediator mediator, Guid id, CommentBody body, CancellationToken cancellationToken) =>
        (await mediator.Send(new CancelRequest(id, body.Comment), cancellationToken)).ToHttpResult(TypedResults.Ok);
}

/// <summary>Body of the approve, deny and cancel calls.</summary>
public sealed record CommentBody(string? Comment);
