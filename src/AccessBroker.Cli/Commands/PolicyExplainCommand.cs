using System.CommandLine;
using System.Text.Json;
using AccessBroker.Core.Policies;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl policy explain</c>: the decision for a hypothetical request, with one line per policy.</summary>
internal static class PolicyExplainCommand
{
    public static Command Create(TimeProvider time)
    {
        var policies = new Option<DirectoryInfo>("--policies") { Description = "The policy folder.", Required = true };
        var user = new Option<string>("--user") { Description = "The user's name.", Required = true };
        var groups = new Option<string>("--groups") { Description = "The user's groups, comma-separated.", DefaultValueFactory = _ => string.Empty };
        var email = new Option<string>("--email") { Description = "The user's email.", DefaultValueFactory = _ => string.Empty };
        var cluster = new Option<string>("--cluster") { Description = "The cluster asked for.", Required = true };
        var @namespace = new Option<string>("--namespace", "-n") { Description = "The namespace asked for.", Required = true };
        var role = new Option<string>("--role") { Description = "The role template asked for.", Required = true };
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "How long, e.g. 30m, 4h, 1h30m.",
            Required = true,
            CustomParser = result => PolicyDuration.TryParse(result.Tokens.SingleOrDefault()?.Value, out var parsed)
                ? parsed
                : Fail(result, "--duration: expected a duration like 30m, 4h or 1h30m"),
        };
        var reason = new Option<string>("--reason") { Description = "Why access is needed.", DefaultValueFactory = _ => string.Empty };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Evaluate as at this time (RFC 3339); default now." };
        var output = new Option<string>("--output", "-o") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");

        var command = new Command("explain", "Show the decision for a request and why each policy did or did not match.")
        {
            policies, user, groups, email, cluster, @namespace, role, duration, reason, at, output,
        };
        command.SetAction(parseResult =>
        {
            var invocation = parseResult.InvocationConfiguration;
            var loaded = PolicyCommands.LoadOrReport(parseResult.GetRequiredValue(policies).FullName, invocation.Error);
            if (loaded is null)
            {
                return ExitCodes.InvalidInput;
            }

            var name = parseResult.GetRequiredValue(user);
            var policyUser = new PolicyUser(
                name,
                name,
                parseResult.GetValue(email)!,
                parseResult.GetValue(groups)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var request = new PolicyRequest(
                parseResult.GetRequiredValue(cluster),
                parseResult.GetRequiredValue(@namespace),
                parseResult.GetRequiredValue(role),
                parseResult.GetRequiredValue(duration),
                parseResult.GetValue(reason)!);
            var decision = loaded.Set!.Evaluate(policyUser, request, parseResult.GetValue(at) ?? time.GetUtcNow(), explain: true);
            if (parseResult.GetValue(output) == "json")
            {
                invocation.Output.WriteLine(JsonSerializer.Serialize(decision, PolicyJson.Options));
            }
            else
            {
                WriteText(decision, invocation.Output);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static TimeSpan Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }

    private static void WriteText(PolicyDecision decision, TextWriter output)
    {
        output.WriteLine(decision.Summarize());
        output.WriteLine();
        var width = decision.Explanations.Select(e => e.Policy.Length).Append("POLICY".Length).Max();
        output.WriteLine($"{"POLICY".PadRight(width)}  MATCHED  REASON");
        foreach (var explanation in decision.Explanations)
        {
            output.WriteLine($"{explanation.Policy.PadRight(width)}  {(explanation.Matched ? "yes" : "no"),-7}  {explanation.Reason}");
        }
    }
}
