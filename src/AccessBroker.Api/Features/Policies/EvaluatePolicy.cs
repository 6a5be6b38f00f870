using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Policies;
using FluentValidation;
using Mediator;

namespace AccessBroker.Api.Features.Policies;

/// <summary>
/// A dry-run decision, with one explanation per policy, for a request the caller could make. Admins may ask on
/// behalf of another user (<see cref="As"/>) to debug policies.
/// </summary>
public sealed record EvaluatePolicy(string Cluster, string Namespace, string Role, TimeSpan Duration, string? Reason, PolicyUserInput? As)
    : IQuery<Outcome<PolicyDecision>>;

public sealed record PolicyUserInput(string Subject, string? Name, string? Email, IReadOnlyList<string>? Groups);

internal sealed class EvaluatePolicyValidator : AbstractValidator<EvaluatePolicy>
{
    public EvaluatePolicyValidator()
    {
        RuleFor(query => query.Cluster).KubernetesName();
        RuleFor(query => query.Namespace).KubernetesName();
        RuleFor(query => query.Role).KubernetesName();
        RuleFor(query => query.Duration).GreaterThan(TimeSpan.Zero).WithMessage("'Duration' must be longer than zero, e.g. 30m or 1h.");
        RuleFor(query => query.Reason).MaximumLength(500);
        RuleFor(query => query.As!.Subject).NotEmpty().When(query => query.As is not null);
    }
}

internal sealed class EvaluatePolicyHandler(PolicyStore store, CurrentUser user, TimeProvider time)
    : IQueryHandler<EvaluatePolicy, Outcome<PolicyDecision>>
{
    public ValueTask<Outcome<PolicyDecision>> Handle(EvaluatePolicy query, CancellationToken cancellationToken)
    {
        if (query.As is not null && !user.IsAdmin)
        {
            return ValueTask.FromResult<Outcome<PolicyDecision>>(Failure.Forbidden("Only admins may evaluate policies for another user."));
        }

        var subject = query.As is { } other
            ? new PolicyUser(other.Subject, other.Name ?? other.Subject, other.Email ?? string.Empty, other.Groups ?? [])
            : user.ToPolicyUser();
        var request = new PolicyRequest(query.Cluster, query.Namespace, query.Role, query.Duration, query.Reason ?? string.Empty);
        return ValueTask.FromResult<Outcome<PolicyDecision>>(store.Evaluate(subject, request, time.GetUtcNow(), explain: true));
    }
}
