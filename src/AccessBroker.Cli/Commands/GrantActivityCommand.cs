using System.CommandLine;
using System.Text.Json;

namespace AccessBroker.Cli.Commands;

/// <summary>
/// <c>abctl grants activity ID</c>: one grant's story for a review — the grant, its approvals, the audited steps and
/// the Kubernetes calls made with its ServiceAccount (from the cluster's audit webhook).
/// </summary>
internal static class GrantActivityCommand
{
    public static Command Create(Auth.CliEnvironment? environment)
    {
        var id = new Argument<Guid>("ID") { Description = "The grant id." };
        var server = CommandRunner.NewServerOption();
        var format = CommandRunner.NewFormatOption();
        var command = new Command("activity", "A grant's approvals, audited steps and Kubernetes calls (owner, auditors, admins).") { id, server, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var activity = await context.Broker(parseResult.GetValue(server)).GetAsync($"api/v1/grants/{parseResult.GetValue(id)}/activity", cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(format) == "json" ? activity.GetRawText() : Describe(activity));
        }));
        return command;
    }

    private static string Describe(JsonElement activity)
    {
        var requester = activity.Object("requester");
        var lines = new List<string>
        {
            $"Grant {activity.Text("grantId")}: {activity.Text("role")} in {activity.Text("cluster")}/{activity.Text("namespace")}, {activity.Text("status")}",
            $"  requester        {requester?.Text("name") ?? "-"} ({requester?.Text("subject") ?? "-"})",
            $"  reason           {activity.Text("reason")}",
            $"  from             {activity.Text("startsAt")} until {activity.Text("endsAt")}"
                + (activity.Text("endedAt") is "-" ? "" : $", ended {activity.Text("endedAt")} by {activity.Text("endedBy")}"),
            $"  request          {activity.Text("requestId")}",
            $"  service account  {activity.Text("serviceAccount")}",
            "",
            "Approvals:",
        };
        var approvals = activity.Items("approvals").ToList();
        lines.Add(approvals.Count == 0
            ? "  none (granted by policy without approval)"
            : TextTable.Render(["  AT", "APPROVER", "DECISION", "COMMENT"], approvals.Select(approval => (IReadOnlyList<string>)
            [
                "  " + approval.Text("at"), $"{approval.Text("approverName")} ({approval.Text("approverSubject")})",
                approval.Text("approved") == "true" ? "approved" : "denied", approval.Text("comment"),
            ])));

        lines.Add("");
        lines.Add("Steps:");
        var steps = activity.Items("steps").ToList();
        lines.Add(steps.Count == 0 ? "  none" : TextTable.Render(["  SEQ", "TIME", "ACTION", "OUTCOME", "ACTOR", "TARGET", "REASON"], steps.Select(step => (IReadOnlyList<string>)
        [
            "  " + step.Text("sequence"), step.Text("time"), step.Text("action"), step.Text("outcome"),
            step.Object("actor")?.Text("subject") ?? "-", AuditCommands.Target(step.Object("target")), step.Text("reason"),
        ])));

        lines.Add("");
        var calls = activity.Items("kubernetesCalls").ToList();
        var truncated = activity.Text("kubernetesCallsTruncated") == "true" ? " (the most recent; see abctl audit --grant ID --action kube.api)" : "";
        lines.Add($"Kubernetes calls ({calls.Count}){truncated}:");
        lines.Add(calls.Count == 0 ? "  none recorded" : TextTable.Render(["  TIME", "VERB", "RESOURCE", "NAMESPACE", "NAME", "CODE", "CREDENTIAL"], calls.Select(call =>
        {
            var details = call.Object("details");
            var target = call.Object("target");
            var subresource = details?.Text("subresource") ?? "-";
            return (IReadOnlyList<string>)
            [
                "  " + call.Text("time"), details?.Text("verb") ?? "-",
                (target?.Text("kind") ?? "-") + (subresource == "-" ? "" : "/" + subresource),
                target?.Text("namespace") ?? "-", target?.Text("name") ?? "-", details?.Text("responseCode") ?? "-", details?.Text("credentialId") ?? "-",
            ];
        })));
        return string.Join(Environment.NewLine, lines);
    }
}
