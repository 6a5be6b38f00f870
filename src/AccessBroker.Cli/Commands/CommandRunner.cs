using System.CommandLine;
using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Commands;

/// <summary>Runs a command's action with its context; a <see cref="CliException"/> becomes one <c>abctl: ...</c> line and its exit code.</summary>
internal static class CommandRunner
{
    public static Option<string?> NewServerOption() => new("--server", "-s")
    {
        Description = "Broker URL, e.g. https://broker.example.com (default: $ABCTL_SERVER, else the last one signed in to).",
    };

    public static Option<string> NewFormatOption()
    {
        var format = new Option<string>("--output", "-o") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        return format;
    }

    public static Task<int> RunAsync(ParseResult parseResult, CliEnvironment? environment, Func<CommandContext, TextWriter, Task> action) =>
        RunAsync(parseResult, environment, async (context, output) =>
        {
            await action(context, output);
            return ExitCodes.Success;
        });

    /// <summary>As the other overload, for an action that decides its own exit code (e.g. <c>abctl exec</c> passes on the command's).</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, CliEnvironment? environment, Func<CommandContext, TextWriter, Task<int>> action)
    {
        var output = parseResult.InvocationConfiguration.Output;
        using var context = new CommandContext(environment ?? CliEnvironment.FromMachine());
        try
        {
            return await action(context, output);
        }
        catch (CliException exception)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"abctl: {exception.Message}");
            return exception.ExitCode;
        }
    }
}

internal sealed class CommandContext(CliEnvironment environment) : IDisposable
{
    public CliEnvironment Environment { get; } = environment;

    public HttpClient Http { get; } = environment.CreateHttpClient();

    public TokenCache Cache { get; } = new(environment.ConfigDirectory);

    public Uri ResolveServer(string? option, bool requireKnown)
    {
        var given = option ?? System.Environment.GetEnvironmentVariable("ABCTL_SERVER");
        if (!string.IsNullOrWhiteSpace(given))
        {
            return TokenCache.NormalizeServer(given);
        }

        return Cache.CurrentServer()
            ?? throw new CliException(
                requireKnown ? "not signed in to any broker; run 'abctl login --server URL'." : "which broker? Pass --server URL or set ABCTL_SERVER.",
                requireKnown ? ExitCodes.NotSignedIn : ExitCodes.InvalidInput);
    }

    /// <summary>A client for the chosen broker that signs its calls with the cached, silently refreshed token.</summary>
    public BrokerClient Broker(string? serverOption) =>
        new(Http, new SignedInSession(Http, Cache, Environment.Time), ResolveServer(serverOption, requireKnown: true));

    public void Dispose() => Http.Dispose();
}
