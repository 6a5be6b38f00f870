using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Hosting;

/// <summary>Turns configuration problems found at start-up into one clear line each, naming the key.</summary>
internal static class StartupFailure
{
    private const string BinderFailurePrefix = "Failed to convert configuration value";

    public static bool IsConfigurationError(Exception exception) =>
        Unwrap(exception) is OptionsValidationException
        || (Unwrap(exception) is InvalidOperationException invalid && invalid.Message.StartsWith(BinderFailurePrefix, StringComparison.Ordinal));

    public static IEnumerable<string> Describe(Exception exception) => Unwrap(exception) switch
    {
        OptionsValidationException validation => validation.Failures.Select(failure => $"accessbroker: configuration error: {failure}"),
        var other => [$"accessbroker: configuration error: {other.Message}"],
    };

    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;
}
