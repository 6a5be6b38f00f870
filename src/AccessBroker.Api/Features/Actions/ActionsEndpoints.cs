using AccessBroker.Api.Infrastructure;
using Mediator;

namespace AccessBroker.Api.Features.Actions;

internal static class ActionsEndpoints
{
    public static RouteGroupBuilder MapActionsEndpoints(this RouteGroupBuilder api)
    {
        var actions = api.MapGroup("/grants/{id:guid}/actions").WithTags("Actions").RequireAuthorization();
        actions.MapPost("/scale", ScaleAsync)
            .WithName("ScaleDeployment")
            .WithSummary("Set a Deployment's replicas in the grant's namespace, with the grant's own token.");
        actions.MapPost("/rollback", RollbackAsync)
            .WithName("RollbackDeployment")
            .WithSummary("Return a Deployment to a revision (default: the previous one), like kubectl rollout undo.");
        actions.MapPost("/restart", RestartAsync)
            .WithName("RestartDeployment")
            .WithSummary("Roll a Deployment's pods again, like kubectl rollout restart.");
        actions.MapPost("/exec", ExecAsync)
            .WithName("ExecInPod")
            .WithSummary("Run a non-interactive command in a pod, with a time and output limit, like kubectl exec POD -- CMD.");
        actions.MapGet("/logs", LogsAsync)
            .WithName("ReadPodLogs")
            .WithSummary("A pod's log as text.");
        actions.MapGet("/workloads", WorkloadsAsync)
            .WithName("GetGrantWorkloads")
            .WithSummary("The actions the grant's role permits, and its namespace's Deployments (replicas, revisions, images) and pods, read with the grant's token.");
        return api;
    }

    private static async Task<IResult> ScaleAsync(IMediator mediator, Guid id, ScaleBody body, CancellationToken cancellationToken) =>
        (await mediator.Send(new ScaleDeployment(id, body.Deployment ?? string.Empty, body.Replicas, body.Reason ?? string.Empty), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> RollbackAsync(IMediator mediator, Guid id, RollbackBody body, CancellationToken cancellationToken) =>
        (await mediator.Send(new RollbackDeployment(id, body.Deployment ?? string.Empty, body.Revision, body.Reason ?? string.Empty), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> RestartAsync(IMediator mediator, Guid id, RestartBody body, CancellationToken cancellationToken) =>
        (await mediator.Send(new RestartDeployment(id, body.Deployment ?? string.Empty, body.Reason ?? string.Empty), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> WorkloadsAsync(IMediator mediator, Guid id, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetGrantWorkloads(id), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> ExecAsync(IMediator mediator, Guid id, ExecBody body, CancellationToken cancellationToken) =>
        (await mediator.Send(new ExecInPod(id, body.Pod ?? string.Empty, body.Container, body.Command ?? [], body.Reason ?? string.Empty), cancellationToken))
            .ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> LogsAsync(
        IMediator mediator, Guid id, string? pod, string? container, int? tailLines, int? sinceSeconds, string? reason, CancellationToken cancellationToken) =>
        (await mediator.Send(new ReadPodLogs(id, pod ?? string.Empty, container, tailLines, sinceSeconds, reason), cancellationToken))
            .ToHttpResult(logs => TypedResults.Text(logs.Text, "text/plain"));
}

public sealed record ScaleBody(string? Deployment, int Replicas, string? Reason);

public sealed record RollbackBody(string? Deployment, long? Revision, string? Reason);

public sealed record RestartBody(string? Deployment, string? Reason);

public sealed record ExecBody(string? Pod, string? Container, IReadOnlyList<string>? Command, string? Reason);
