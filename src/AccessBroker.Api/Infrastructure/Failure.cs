namespace AccessBroker.Api.Infrastructure;

/// <summary>
/// An expected way for a use case to fail: it becomes a ProblemDetails with a stable type. <see cref="Extensions"/>
/// carry structured facts (field errors, the policy decision) into the problem body.
/// </summary>
public sealed record Failure(string Type, int Status, string Title, string Detail, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static Failure Invalid(string field, string message) =>
        new(ProblemTypes.Validation, StatusCodes.Status400BadRequest, "The request is not valid.", $"{field}: {message}",
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static Failure PolicyDenied(Guid requestId, AccessBroker.Core.Policies.PolicyDecision decision) =>
        new(ProblemTypes.PolicyDenied, StatusCodes.Status403Forbidden, "Denied by policy.", DeniedDetail(decision),
            new Dictionary<string, object?> { ["requestId"] = requestId, ["decision"] = decision });

    public static Failure NotFound(string what) =>
        new(ProblemTypes.NotFound, StatusCodes.Status404NotFound, "Not found.", $"{what} does not exist or is not visible to you.");

    public static Failure Conflict(string detail) =>
        new(ProblemTypes.Conflict, StatusCodes.Status409Conflict, "Conflict with the current state.", detail);

    public static Failure Forbidden(string detail) =>
        new(ProblemTypes.Forbidden, StatusCodes.Status403Forbidden, "Not allowed.", detail);

    public static Failure Unavailable(string detail) =>
        new(ProblemTypes.Unavailable, StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable.", detail);

    public static Failure Timeout(string detail) =>
        new(ProblemTypes.Timeout, StatusCodes.Status504GatewayTimeout, "Did not finish in time.", detail);

    /// <summary>
    /// The cluster's refusal with its own message, at the matching status: 400 and 422 mean the caller's input was
    /// wrong (e.g. <c>container x is not valid for pod y</c>); anything else, unreachable or 5xx included, is a 502.
    /// </summary>
    public static Failure FromCluster(AccessBroker.Kubernetes.ClusterException exception) => exception.StatusCode switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity =>
            new(ProblemTypes.ClusterRejected, exception.StatusCode.Value, "Rejected by the cluster as invalid.", exception.Message),
        StatusCodes.Status403Forbidden => new(ProblemTypes.Forbidden, StatusCodes.Status403Forbidden, "Refused by the cluster.", exception.Message),
        StatusCodes.Status404NotFound => new(ProblemTypes.NotFound, StatusCodes.Status404NotFound, "Not found on the cluster.", exception.Message),
        StatusCodes.Status409Conflict => new(ProblemTypes.Conflict, StatusCodes.Status409Conflict, "Conflict on the cluster.", exception.Message),
        _ => new(ProblemTypes.ClusterFailed, StatusCodes.Status502BadGateway, "The cluster call failed.", exception.Message),
    };

    private static string DeniedDetail(AccessBroker.Core.Policies.PolicyDecision decision)
    {
        var longest = decision.LongestAllowedDuration is { } allowed
            ? $" The longest duration that would be allowed is {AccessBroker.Core.Policies.PolicyDuration.Format(allowed)}."
            : string.Empty;
        var reasons = string.Join("; ", decision.Explanations.Select(explanation => $"{explanation.Policy}: {explanation.Reason}"));
        return (reasons.Length == 0 ? "No policy allows this request." : reasons) + longest;
    }
}

/// <summary>Any <see cref="Outcome{T}"/>, for pipeline behaviours that only ask whether it failed.</summary>
public interface IOutcome
{
    Failure? Failure { get; }

    object? Result { get; }
}

/// <summary>Either a value or an expected <see cref="Failure"/>.</summary>
public sealed class Outcome<T> : IOutcome
{
    private Outcome(T? value, Failure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public Failure? Failure { get; }

    object? IOutcome.Result => Value;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}
