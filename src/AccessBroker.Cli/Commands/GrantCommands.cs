using System.CommandLine;
using System.Text.Json;
using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl grants</c> (with <c>grants activity</c>) and <c>abctl revoke</c>: the access granted so far, with time left, and its early end.</summary>
internal static class GrantCommands
{
    public static IEnumerable<Command> Create(CliEnvironment? environment = null) =>
        [CreateListCommand(environment), CreateRevokeCommand(environment)];

    private static Command CreateListCommand(CliEnvironment? environment)
    {
        var all = new Option<bool>("--all") { Description = "Everyone's grants (auditors and admins)." };
        var server = CommandRunner.NewServerOption();
        var format = CommandRunner.NewFormatOption();
        var command = new Command("grants", "List your grants with their time left.") { all, server, format, GrantActivityCommand.Create(environment) };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var grants = await context.Broker(parseResult.GetValue(server))
                .GetAsync(parseResult.GetValue(all) ? "api/v1/grants?all=true" : "api/v1/grants", cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(format) == "json" ? grants.GetRawText() : TextTable.Render(
                ["ID", "REQUESTER", "CLUSTER", "NAMESPACE", "ROLE", "STATUS", "ENDS", "LEFT"],
                grants.EnumerateArray().Select(grant => (IReadOnlyList<string>)
                [
                    grant.Text("id"), grant.GetProperty("requester").Name(), grant.Text("cluster"), grant.Text("namespace"), grant.Text("role"),
                    grant.Text("status"), grant.Text("endsAt"), grant.Text("status") == "active" ? grant.Text("timeLeft") : "-",
                ])));
        }));
        return command;
    }

    private static Command CreateRevokeCommand(CliEnvironment? environment)
    {
        var id = new Argument<Guid>("ID") { Description = "The grant id." };
        var reason = new Option<string?>("--reason") { Description = "Why the grant ends early." };
        var server = CommandRunner.NewServerOption();
        var format = CommandRunner.NewFormatOption();
        var command = new Command("revoke", "End a grant early: its ServiceAccount and RoleBinding are deleted.") { id, reason, server, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var grant = await context.Broker(parseResult.GetValue(server))
                .PostAsync($"api/v1/grants/{parseResult.GetValue(id)}/revoke", new { reason = parseResult.GetValue(reason) }, cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(format) == "json" ? grant.GetRawText() : Describe(grant));
        }));
        return command;
    }

    private static string Describe(JsonElement grant) =>
        $"Grant {grant.Text("id")}: {grant.Text("status")} (ended {grant.Text("endedAt")} by {grant.Text("endedBy")}).";
}
