using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Requests;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AccessBroker.Api.Features.Requests;

internal static class RequestsEndpoints
{
    public static RouteGroupBuilder MapRequestsEndpoints(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/requests").WithTags("Requests").RequireAuthorization();
        requests.MapPost("", CreateAsync)
            .WithName("CreateRequest")
            .WithSummary("Ask for a role on a cluster and namespace for a duration; policy decides at once (Idempotency-Key honoured).");
        requests.MapGet("", ListAsync)
            .WithName("ListRequests")
            .WithSummary("The caller's requests, or those awaiting the caller (awaitingMe=true), or all (all=true, auditors); newest first.");
        requests.MapGet("/{id:guid}", GetAsync)
            .WithName("GetRequest")
            .WithSummary("One request with its decision, approvals and grant.");
        requests.MapPost("/{id:guid}/approve", (IMediator mediator, Guid id, CommentBody? body, CancellationToken cancellationToken) =>
                ReviewAsync(mediator, new ReviewRequest(id, Approve: true, body?.Comment), cancellationToken))
            .WithName("ApproveRequest")
            .WithSummary("Approve a pending request (approvers of its policy only; never your own).");
        requests.MapPost("/{id:guid}/deny", (IMediator mediator, Guid id, CommentBody? body, CancellationToken cancellationToken) =>
                ReviewAsync(mediator, new ReviewRequest(id, Approve: false, body?.Comment), cancellationToken))
            .WithName("DenyRequest")
            .WithSummary("Deny a pending request (approvers of its policy only; never your own).");
        requests.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelRequest")
            .WithSummary("Withdraw one of the caller's pending requests.");
        return api;
    }

    private static async Task<IResult> CreateAsync(
        IMediator mediator, NewRequestBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken cancellationToken) =>
        (await mediator.Send(new CreateRequest(body.Cluster, body.Namespace, body.Role, body.Duration, body.Reason, idempotencyKey), cancellationToken))
            .ToHttpResult(created => created.Replayed
                ? TypedResults.Ok(created.Request)
                : TypedResults.Created($"/api/v1/requests/{created.Request.Id}", created.Request));

    private static async Task<IResult> ListAsync(
        IMediator mediator, AccessRequestStatus? status, int? limit, string? cursor, bool? awaitingMe, bool? all, CancellationToken cancellationToken) =>
        (await mediator.Send(new ListRequests(status, limit ?? ListRequests.DefaultLimit, cursor, awaitingMe ?? false, all ?? false), cancellationToken))
            .ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> GetAsync(IMediator mediator, Guid id, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetRequest(id), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> ReviewAsync(IMediator mediator, ReviewRequest command, CancellationToken cancellationToken) =>
        (await mediator.Send(command, cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> CancelAsync(IMediator mediator, Guid id, CommentBody? body, CancellationToken cancellationToken) =>
        (await mediator.Send(new CancelRequest(id, body?.Comment), cancellationToken)).ToHttpResult(TypedResults.Ok);
}

/// <summary>Body of a new request: duration as in policy files (<c>30m</c>, <c>1h</c>, <c>1h30m</c>).</summary>
public sealed record NewRequestBody(string Cluster, string Namespace, string Role, TimeSpan Duration, string Reason);

/// <summary>Body of the approve, deny and cancel calls.</summary>
public sealed record CommentBody(string? Comment);
