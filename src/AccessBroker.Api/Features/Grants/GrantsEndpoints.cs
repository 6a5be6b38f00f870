using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Grants;
using Mediator;

namespace AccessBroker.Api.Features.Grants;

internal static class GrantsEndpoints
{
    public const string CredentialRateLimit = "credentials";

    public static RouteGroupBuilder MapGrantsEndpoints(this RouteGroupBuilder api)
    {
        var grants = api.MapGroup("/grants").WithTags("Grants").RequireAuthorization();
        grants.MapGet("", ListAsync)
            .WithName("ListGrants")
            .WithSummary("The caller's grants (all=true: everyone's, auditors), newest first, with time left.");
        grants.MapGet("/{id:guid}", GetAsync)
            .WithName("GetGrant")
            .WithSummary("One grant with its time left.");
        grants.MapPost("/{id:guid}/revoke", RevokeAsync)
            .WithName("RevokeGrant")
            .WithSummary("End a grant now (owner or admin): its RoleBinding and ServiceAccount are deleted, so every token stops working.");
        grants.MapPost("/{id:guid}/credential", CredentialAsync)
            .RequireRateLimiting(CredentialRateLimit)
            .WithName("IssueCredential")
            .WithSummary("A fresh short-lived token as a kubectl ExecCredential (apiVersion client.authentication.k8s.io/v1 or v1beta1).");
        grants.MapGet("/{id:guid}/kubeconfig", KubeconfigAsync)
            .WithName("GetKubeconfig")
            .WithSummary("A kubeconfig whose user runs `abctl credential` as exec plugin.");
        return api;
    }

    private static async Task<IResult> ListAsync(IMediator mediator, GrantStatus? status, bool? all, int? limit, CancellationToken cancellationToken) =>
        (await mediator.Send(new ListGrants(status, all ?? false, limit ?? 100), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> GetAsync(IMediator mediator, Guid id, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetGrant(id), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> RevokeAsync(IMediator mediator, Guid id, RevokeBody? body, CancellationToken cancellationToken) =>
        (await mediator.Send(new RevokeGrant(id, body?.Reason), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> CredentialAsync(IMediator mediator, Guid id, string? apiVersion, CancellationToken cancellationToken) =>
        (await mediator.Send(new IssueCredential(id, apiVersion ?? IssueCredentialValidator.ApiVersions[0]), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> KubeconfigAsync(IMediator mediator, HttpContext context, Guid id, CancellationToken cancellationToken)
    {
        var brokerUrl = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}");
        return (await mediator.Send(new GetKubeconfig(id, brokerUrl), cancellationToken))
            .ToHttpResult(yaml => TypedResults.Text(yaml, "application/yaml"));
    }
}

public sealed record RevokeBody(string? Reason);
