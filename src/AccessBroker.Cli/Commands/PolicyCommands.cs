using System.CommandLine;
using AccessBroker.Core.Policies;
using AccessBroker.Core.Policies.Testing;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl policy test</c> and <c>abctl policy explain</c>: offline, against a policy folder, no server.</summary>
internal static class PolicyCommands
{
    public static Command Create(TimeProvider time) => new("policy", "Test and explain policy files offline.")
    {
        CreateTestCommand(time),
        PolicyExplainCommand.Create(time),
    };

    private static Command CreateTestCommand(TimeProvider time)
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The policy folder, with its kind: PolicyTest files." };
        var command = new Command("test", "Run the PolicyTest cases of a policy folder; exit 1 if any fails, 2 if the files are invalid.")
        {
            directory,
        };
        command.SetAction(parseResult => RunTests(
            parseResult.GetRequiredValue(directory).FullName,
            time,
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static int RunTests(string directory, TimeProvider time, TextWriter output, TextWriter error)
    {
        var loaded = LoadOrReport(directory, error);
        if (loaded is null)
        {
            return ExitCodes.InvalidInput;
        }

        if (loaded.Tests.Count == 0)
        {
            error.WriteLine($"abctl: no PolicyTest cases in {directory}");
            return ExitCodes.InvalidInput;
        }

        var results = PolicyTestRunner.Run(loaded.Set!, loaded.Tests, time.GetUtcNow());
        foreach (var result in results)
        {
            output.WriteLine($"{(result.Passed ? "PASS" : "FAIL")}  {result.Case.Suite}: {result.Case.Name}");
            if (!result.Passed)
            {
                output.WriteLine($"      {result.Case.Source}: {result.Failure}");
                foreach (var explanation in result.Decision.Explanations)
                {
                    output.WriteLine($"        {explanation.Policy}: {explanation.Reason}");
                }
            }
        }

        var failed = results.Count(r => !r.Passed);
        output.WriteLine($"{results.Count - failed} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>Loads a policy folder, or writes every error (file:line:column: message) and returns null.</summary>
    public static PolicyLoadResult? LoadOrReport(string directory, TextWriter error)
    {
        var result = PolicyLoader.LoadDirectory(directory);
        if (result.Succeeded)
        {
            return result;
        }

        foreach (var loadError in result.Errors)
        {
            error.WriteLine(loadError);
        }

        error.WriteLine($"abctl: {result.Errors.Count} error(s) in {directory}; no policy was loaded");
        return null;
    }
}
