using AccessBroker.Api.Infrastructure;
using Mediator;

namespace AccessBroker.Api.Features.Policies;

internal static class PoliciesEndpoints
{
    public static RouteGroupBuilder MapPoliciesEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/policies", ListAsync).WithTags("Policies").RequireAuthorization()
            .WithName("ListPolicies")
            .WithSummary("The policy set in force: role templates and access policies, with the set's SHA-256.");
        api.MapPost("/policy/evaluate", EvaluateAsync).WithTags("Policies").RequireAuthorization()
            .WithName("EvaluatePolicy")
            .WithSummary("Dry-run decision for a hypothetical request, with one explanation per policy.");
        return api;
    }

    private static async Task<IResult> ListAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListPolicies(), cancellationToken));

    private static async Task<IResult> EvaluateAsync(IMediator mediator, EvaluatePolicy query, CancellationToken cancellationToken) =>
        (await mediator.Send(query, cancellationToken)).ToHttpResult(TypedResults.Ok);
}
