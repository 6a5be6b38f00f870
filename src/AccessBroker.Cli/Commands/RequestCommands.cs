using System.CommandLine;
using System.Text.Json;
using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl request</c>, <c>requests</c>, <c>approve</c>, <c>deny</c> and <c>cancel</c>: access requests and their review.</summary>
internal static class RequestCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static IEnumerable<Command> Create(CliEnvironment? environment = null) =>
    [
        CreateRequestCommand(environment),
        CreateListCommand(environment),
        CreateReviewCommand("approve", "Approve a pending request you may approve.", environment),
        CreateReviewCommand("deny", "Deny a pending request you may approve.", environment),
        CreateReviewCommand("cancel", "Cancel your own pending request.", environment),
    ];

    private static Command CreateRequestCommand(CliEnvironment? environment)
    {
        var role = new Argument<string>("ROLE") { Description = "The role template to request, e.g. view or troubleshoot." };
        var cluster = new Option<string>("--cluster", "-c") { Description = "The cluster.", Required = true };
        var @namespace = new Option<string>("--namespace", "-n") { Description = "The namespace.", Required = true };
        var duration = new Option<string>("--for") { Description = "How long, e.g. 30m, 1h or 1h30m.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, e.g. an incident or ticket number.", Required = true };
        var wait = new Option<bool>("--wait") { Description = "Wait until the request is decided and its grant is ready." };
        var server = CommandRunner.NewServerOption();
        var format = CommandRunner.NewFormatOption();
        var command = new Command("request", "Request just-in-time access to a role in a namespace; shows the policy decision.")
        {
            role, cluster, @namespace, duration, reason, wait, server, format,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var json = parseResult.GetValue(format) == "json";
            var broker = context.Broker(parseResult.GetValue(server));
            var body = new
            {
                cluster = parseResult.GetValue(cluster),
                @namespace = parseResult.GetValue(@namespace),
                role = parseResult.GetValue(role),
                duration = parseResult.GetValue(duration),
                reason = parseResult.GetValue(reason),
            };
            JsonElement request;
            try
            {
                request = await broker.PostAsync("api/v1/requests", body, cancellationToken, IdempotencyKey());
            }
            catch (CliException denied) when (denied.ExitCode == ExitCodes.Denied && denied.Problem is { } problem)
            {
                await output.WriteLineAsync(json ? problem.GetRawText() : DescribeDenial(problem));
                throw;
            }

            if (parseResult.GetValue(wait))
            {
                request = await WaitUntilSettledAsync(broker, request, context.Environment.Time, parseResult.InvocationConfiguration.Error, cancellationToken);
            }

            await output.WriteLineAsync(json ? request.GetRawText() : Describe(request));
            EnsureUsable(request, waited: parseResult.GetValue(wait));
        }));
        return command;
    }

    private static Command CreateListCommand(CliEnvironment? environment)
    {
        var awaitingMe = new Option<bool>("--awaiting-me") { Description = "Requests waiting for your approval instead of your own." };
        var all = new Option<bool>("--all") { Description = "Everyone's requests (auditors and admins)." };
        var server = CommandRunner.NewServerOption();
        var format = CommandRunner.NewFormatOption();
        var command = new Command("requests", "List your requests, those awaiting your approval, or all.") { awaitingMe, all, server, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var query = parseResult.GetValue(awaitingMe) ? "?awaitingMe=true" : parseResult.GetValue(all) ? "?all=true" : "";
            var page = await context.Broker(parseResult.GetValue(server)).GetAsync($"api/v1/requests{query}", cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(format) == "json" ? page.GetRawText() : TextTable.Render(
                ["ID", "REQUESTER", "CLUSTER", "NAMESPACE", "ROLE", "FOR", "STATUS", "CREATED", "REASON"],
                page.Items("items").Select(item => (IReadOnlyList<string>)
                [
                    item.Text("id"), item.GetProperty("requester").Name(), item.Text("cluster"), item.Text("namespace"), item.Text("role"),
                    item.Text("duration"), item.Text("status"), item.Text("createdAt"), item.Text("reason"),
                ])));
        }));
        return command;
    }

    private static Command CreateReviewCommand(string verb, string description, CliEnvironment? environment)
    {
        var id = new Argument<Guid>("ID") { Description = "The request id." };
        var comment = new Option<string?>("--comment") { Description = "A comment kept with the decision." };
        var server = CommandRunner.NewServerOption();
        var format = CommandRunner.NewFormatOption();
        var command = new Command(verb, description) { id, comment, server, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var request = await context.Broker(parseResult.GetValue(server))
                .PostAsync($"api/v1/requests/{parseResult.GetValue(id)}/{verb}", new { comment = parseResult.GetValue(comment) }, cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(format) == "json" ? request.GetRawText() : Describe(request));
        }));
        return command;
    }

    /// <summary>One key per invocation: should the POST be sent again, the broker replays its first answer instead of creating a second request.</summary>
    private static Dictionary<string, string> IdempotencyKey() => new() { ["Idempotency-Key"] = Guid.NewGuid().ToString() };

    private static async Task<JsonElement> WaitUntilSettledAsync(
        BrokerClient broker, JsonElement request, TimeProvider time, TextWriter progress, CancellationToken cancellationToken)
    {
        var id = request.Text("id");
        using var indicator = new ProgressIndicator(progress);
        while (!IsSettled(request))
        {
            indicator.Show($"request {id}: {Status(request)}");
            await Task.Delay(PollInterval, time, cancellationToken);
            request = await broker.GetAsync($"api/v1/requests/{id}", cancellationToken);
        }

        return request;
    }

    private static bool IsSettled(JsonElement request) =>
        request.Text("status") != "pending" && request.Object("grant")?.Text("status") != "provisioning";

    private static string Status(JsonElement request) =>
        request.Object("grant") is { } grant ? $"{request.Text("status")}, grant {grant.Text("status")}" : request.Text("status");

    private static void EnsureUsable(JsonElement request, bool waited)
    {
        var status = request.Text("status");
        if (status is "denied" or "cancelled" or "expired")
        {
            throw new CliException($"request {request.Text("id")} was {status}.", ExitCodes.Denied);
        }

        if (request.Object("grant") is { } grant && grant.Text("status") == "failed")
        {
            throw new CliException($"grant {grant.Text("id")} failed: {grant.Text("failureReason")}");
        }

        if (waited && status == "pending")
        {
            throw new CliException($"request {request.Text("id")} is still pending.");
        }
    }

    private static string Describe(JsonElement request)
    {
        var lines = new List<string>
        {
            $"Request {request.Text("id")}: {request.Text("role")} in {request.Text("cluster")}/{request.Text("namespace")} " +
            $"for {request.Text("duration")} by {request.GetProperty("requester").Name()}: {request.Text("status")}" +
            (request.Text("policy") is "-" ? "." : $" (policy {request.Text("policy")})."),
        };
        if (request.Text("status") == "pending")
        {
            var given = request.Items("approvals").Count(approval => approval.GetProperty("approved").GetBoolean());
            lines.Add($"Waiting for {request.Text("requiredApprovals")} approval(s) from {string.Join(", ", request.Items("approverGroups").Select(g => g.GetString()))} " +
                      $"({given} given) until {request.Text("pendingUntil")}.");
        }

        if (request.Object("grant") is { } grant)
        {
            lines.Add($"Grant {grant.Text("id")}: {grant.Text("status")} until {grant.Text("endsAt")} ({grant.Text("timeLeft")} left).");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string DescribeDenial(JsonElement problem)
    {
        var lines = new List<string> { problem.Text("detail") };
        if (problem.Object("decision") is { } decision)
        {
            lines.AddRange(decision.Items("explanations").Select(explanation =>
                $"  {explanation.Text("policy")}: {explanation.Text("reason")}"));
            if (decision.Text("longestAllowedDuration") is not "-" and var longest)
            {
                lines.Add($"Longest duration allowed for this scope: {longest}.");
            }
        }

        return string.Join(Environment.NewLine, lines);
    }
}
