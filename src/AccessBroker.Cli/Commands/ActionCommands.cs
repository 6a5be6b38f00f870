using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AccessBroker.Cli.Auth;
using AccessBroker.Core.Policies;

namespace AccessBroker.Cli.Commands;

/// <summary>
/// <c>abctl scale|rollback|restart|exec|logs</c>: the brokered actions, run by the broker with the grant's own token.
/// The grant is <c>--grant ID</c> or picked by <see cref="GrantPicker"/>.
/// </summary>
internal static class ActionCommands
{
    public static IEnumerable<Command> Create(CliEnvironment? environment = null) =>
        [CreateScaleCommand(environment), CreateRollbackCommand(environment), CreateRestartCommand(environment), CreateExecCommand(environment), CreateLogsCommand(environment)];

    private static Command CreateScaleCommand(CliEnvironment? environment)
    {
        var deployment = new Argument<string>("DEPLOYMENT") { Description = "The Deployment in the grant's namespace." };
        var replicas = new Option<int>("--replicas") { Description = "Replicas to set.", Required = true };
        var options = new ActionOptions(requireReason: true);
        var command = new Command("scale", "Set a Deployment's replicas, like kubectl scale.") { deployment, replicas };
        return options.AddTo(command, "scale", environment, async (parseResult, broker, grant, output, cancellationToken) =>
        {
            var scaled = await broker.PostAsync(
                $"api/v1/grants/{grant}/actions/scale",
                new { deployment = parseResult.GetValue(deployment), replicas = parseResult.GetValue(replicas), reason = options.Reason(parseResult) },
                cancellationToken);
            await output.WriteLineAsync(options.Json(parseResult) ? scaled.GetRawText()
                : $"Deployment {scaled.Text("deployment")} scaled from {scaled.Text("replicasBefore")} to {scaled.Text("replicasAfter")} replicas (grant {grant}).");
            return ExitCodes.Success;
        });
    }

    private static Command CreateRollbackCommand(CliEnvironment? environment)
    {
        var deployment = new Argument<string>("DEPLOYMENT") { Description = "The Deployment in the grant's namespace." };
        var revision = new Option<long?>("--to-revision") { Description = "Revision to return to (default: the previous one)." };
        var options = new ActionOptions(requireReason: true);
        var command = new Command("rollback", "Return a Deployment to an earlier revision, like kubectl rollout undo.") { deployment, revision };
        return options.AddTo(command, "rollback", environment, async (parseResult, broker, grant, output, cancellationToken) =>
        {
            var rolledBack = await broker.PostAsync(
                $"api/v1/grants/{grant}/actions/rollback",
                new { deployment = parseResult.GetValue(deployment), revision = parseResult.GetValue(revision), reason = options.Reason(parseResult) },
                cancellationToken);
            await output.WriteLineAsync(options.Json(parseResult) ? rolledBack.GetRawText()
                : $"Deployment {rolledBack.Text("deployment")} rolled back from revision {rolledBack.Text("revisionBefore")} to {rolledBack.Text("revisionAfter")} " +
                  $"(images {Images(rolledBack, "imagesBefore")} -> {Images(rolledBack, "imagesAfter")}; grant {grant}).");
            return ExitCodes.Success;
        });
    }

    private static Command CreateRestartCommand(CliEnvironment? environment)
    {
        var deployment = new Argument<string>("DEPLOYMENT") { Description = "The Deployment in the grant's namespace." };
        var options = new ActionOptions(requireReason: true);
        var command = new Command("restart", "Roll a Deployment's pods again, like kubectl rollout restart.") { deployment };
        return options.AddTo(command, "restart", environment, async (parseResult, broker, grant, output, cancellationToken) =>
        {
            var restarted = await broker.PostAsync(
                $"api/v1/grants/{grant}/actions/restart", new { deployment = parseResult.GetValue(deployment), reason = options.Reason(parseResult) }, cancellationToken);
            await output.WriteLineAsync(options.Json(parseResult) ? restarted.GetRawText()
                : $"Deployment {restarted.Text("deployment")} restarted at {restarted.Text("restartedAt")} (grant {grant}).");
            return ExitCodes.Success;
        });
    }

    private static Command CreateExecCommand(CliEnvironment? environment)
    {
        var pod = new Argument<string>("POD") { Description = "The pod in the grant's namespace." };
        var argv = new Argument<string[]>("COMMAND") { Description = "The command and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
        var container = new Option<string?>("--container", "-c") { Description = "Container (default: the pod's only one)." };
        var options = new ActionOptions(requireReason: true);
        var command = new Command("exec", "Run a command in a pod (no stdin, no TTY) and exit with its exit code, like kubectl exec POD -- CMD.") { pod, argv, container };
        return options.AddTo(command, "exec", environment, async (parseResult, broker, grant, output, cancellationToken) =>
        {
            var executed = await broker.PostAsync(
                $"api/v1/grants/{grant}/actions/exec",
                new { pod = parseResult.GetValue(pod), container = parseResult.GetValue(container), command = parseResult.GetValue(argv), reason = options.Reason(parseResult) },
                cancellationToken);
            var error = parseResult.InvocationConfiguration.Error;
            if (options.Json(parseResult))
            {
                await output.WriteLineAsync(executed.GetRawText());
            }
            else
            {
                await output.WriteAsync(executed.GetProperty("stdout").GetString());
                await error.WriteAsync(executed.GetProperty("stderr").GetString());
                if (executed.GetProperty("truncated").GetBoolean())
                {
                    await error.WriteLineAsync(
                        $"abctl: output truncated at {executed.Text("outputBytes")} bytes ({executed.Text("droppedBytes")} more dropped; limit Actions:ExecOutputLimitBytes).");
                }
            }

            return executed.GetProperty("exitCode").GetInt32();
        });
    }

    private static Command CreateLogsCommand(CliEnvironment? environment)
    {
        var pod = new Argument<string>("POD") { Description = "The pod in the grant's namespace." };
        var container = new Option<string?>("--container", "-c") { Description = "Container (required when the pod has several)." };
        var tail = new Option<int?>("--tail") { Description = "Only the last N lines." };
        var since = new Option<string?>("--since") { Description = "Only lines newer than this, e.g. 10m, 1h." };
        var options = new ActionOptions(requireReason: false);
        var command = new Command("logs", "Print a pod's log, like kubectl logs.") { pod, container, tail, since };
        return options.AddTo(command, "logs", environment, async (parseResult, broker, grant, output, cancellationToken) =>
        {
            var query = new List<string> { $"pod={Uri.EscapeDataString(parseResult.GetValue(pod)!)}" };
            if (parseResult.GetValue(container) is { } name)
            {
                query.Add($"container={Uri.EscapeDataString(name)}");
            }

            if (parseResult.GetValue(tail) is { } lines)
            {
                query.Add(string.Create(CultureInfo.InvariantCulture, $"tailLines={lines}"));
            }

            if (parseResult.GetValue(since) is { } text)
            {
                if (!PolicyDuration.TryParse(text, out var duration) || duration <= TimeSpan.Zero)
                {
                    throw new CliException($"--since '{text}' is not a duration such as 30s, 10m or 1h.", ExitCodes.InvalidInput);
                }

                query.Add(string.Create(CultureInfo.InvariantCulture, $"sinceSeconds={(long)Math.Ceiling(duration.TotalSeconds)}"));
            }

            await output.WriteAsync(await broker.GetTextAsync($"api/v1/grants/{grant}/actions/logs?{string.Join('&', query)}", cancellationToken));
            return ExitCodes.Success;
        });
    }

    private static string Images(JsonElement result, string name) => string.Join(",", result.Items(name).Select(image => image.GetString()));

    /// <summary>The options every action command has: which grant (or how to pick it), the reason, the broker and the output format.</summary>
    private sealed class ActionOptions
    {
        private readonly Option<Guid?> grant = new("--grant") { Description = "The grant to act under (default: your only active grant that fits and permits the action)." };
        private readonly Option<string?> cluster = new("--cluster") { Description = "Pick among grants on this cluster." };
        private readonly Option<string?> @namespace = new("--namespace", "-n") { Description = "Pick among grants in this namespace." };
        private readonly Option<string?> reason;
        private readonly Option<string?> server = CommandRunner.NewServerOption();
        private readonly Option<string> format = CommandRunner.NewFormatOption();
        private readonly bool structured;

        public ActionOptions(bool requireReason)
        {
            reason = new Option<string?>("--reason") { Description = "Why (recorded in the audit log).", Required = requireReason };
            structured = requireReason;
        }

        public string? Reason(ParseResult parseResult) => parseResult.GetValue(reason);

        public bool Json(ParseResult parseResult) => parseResult.GetValue(format) == "json";

        public Command AddTo(
            Command command, string action, CliEnvironment? environment,
            Func<ParseResult, BrokerClient, Guid, TextWriter, CancellationToken, Task<int>> run)
        {
            command.Add(grant);
            command.Add(cluster);
            command.Add(@namespace);
            command.Add(server);
            if (structured)
            {
                command.Add(reason);
                command.Add(format);
            }

            command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
            {
                var broker = context.Broker(parseResult.GetValue(server));
                var chosen = await GrantPicker.PickAsync(
                    broker, parseResult.GetValue(grant), parseResult.GetValue(cluster), parseResult.GetValue(@namespace), action, cancellationToken);
                return await run(parseResult, broker, chosen, output, cancellationToken);
            }));
            return command;
        }
    }
}
