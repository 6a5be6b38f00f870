namespace AccessBroker.Api.Infrastructure;

/// <summary>The one mapping from use-case outcomes to HTTP results.</summary>
internal static class OutcomeResults
{
    public static IResult ToHttpResult<T>(this Outcome<T> outcome, Func<T, IResult> onSuccess) =>
        outcome.Failure is { } failure ? failure.ToProblem() : onSuccess(outcome.Value!);

    public static IResult ToProblem(this Failure failure) =>
        TypedResults.Problem(statusCode: failure.Status, title: failure.Title, detail: failure.Detail, type: failure.Type, extensions: failure.Extensions);
}
