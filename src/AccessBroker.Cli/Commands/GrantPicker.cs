using System.Text.Json;
using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Commands;

/// <summary>
/// Chooses the grant an action runs under: the one given with <c>--grant</c>, else the only active grant of the
/// signed-in user that fits the <c>--cluster</c>/<c>-n</c> filters and whose role template permits the action.
/// None or several: one line saying so (listing the candidates) and a non-zero exit.
/// </summary>
internal static class GrantPicker
{
    public static async Task<Guid> PickAsync(
        BrokerClient broker, Guid? grant, string? cluster, string? @namespace, string action, CancellationToken cancellationToken)
    {
        if (grant is { } id)
        {
            return id;
        }

        var grants = await broker.GetAsync("api/v1/grants", cancellationToken);
        var policies = await broker.GetAsync("api/v1/policies", cancellationToken);
        var permitting = policies.Items("roleTemplates")
            .Where(template => template.Items("actions").Any(a => string.Equals(a.GetString(), action, StringComparison.OrdinalIgnoreCase)))
            .Select(template => template.Text("name"))
            .ToHashSet(StringComparer.Ordinal);
        var inScope = grants.EnumerateArray()
            .Where(g => g.Text("status") == "active")
            .Where(g => cluster is null || g.Text("cluster") == cluster)
            .Where(g => @namespace is null || g.Text("namespace") == @namespace)
            .ToArray();
        var fitting = inScope.Where(g => permitting.Contains(g.Text("role"))).ToArray();
        var scope = (cluster, @namespace) switch
        {
            (null, null) => string.Empty,
            (_, null) => $" on cluster {cluster}",
            (null, _) => $" in namespace {@namespace}",
            _ => $" in {cluster}/{@namespace}",
        };
        return fitting.Length switch
        {
            1 => fitting[0].GetProperty("id").GetGuid(),
            0 => throw new CliException(
                $"no active grant of yours{scope} permits {action}" +
                (inScope.Length > 0 ? $" (active: {Describe(inScope)}, whose roles do not)" : string.Empty) +
                "; request one with 'abctl request ROLE --cluster C -n NS --for 1h --reason R'."),
            _ => throw new CliException(
                $"{fitting.Length} active grants{scope} permit {action}: {Describe(fitting)}; choose one with --grant ID, or narrow with --cluster and -n.",
                ExitCodes.InvalidInput),
        };
    }

    private static string Describe(IEnumerable<JsonElement> grants) =>
        string.Join(", ", grants.Select(g => $"{g.Text("id")} ({g.Text("role")} in {g.Text("cluster")}/{g.Text("namespace")})"));
}
