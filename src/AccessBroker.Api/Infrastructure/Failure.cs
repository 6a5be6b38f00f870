namespace AccessBroker.Api.Infrastructure;

/// <summary>An expected way for a use case to fail: it becomes a ProblemDetails with a stable type.</summary>
public sealed record Failure(string Type, int Status, string Title, string Detail)
{
    public static Failure NotFound(string what) =>
        new(ProblemTypes.NotFound, StatusCodes.Status404NotFound, "Not found.", $"{what} does not exist or is not visible to you.");

    public static Failure Conflict(string detail) =>
        new(ProblemTypes.Conflict, StatusCodes.Status409Conflict, "Conflict with the current state.", detail);

    public static Failure Forbidden(string detail) =>
        new(ProblemTypes.Forbidden, StatusCodes.Status403Forbidden, "Not allowed.", detail);
}

/// <summary>Any <see cref="Outcome{T}"/>, for pipeline behaviours that only ask whether it failed.</summary>
public interface IOutcome
{
    Failure? Failure { get; }
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

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}
