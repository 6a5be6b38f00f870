using AccessBroker.Kubernetes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccessBroker.Api.Clusters;

/// <summary>Ready when every cluster answers and has every role template's ClusterRole in place.</summary>
internal sealed class ClustersHealthCheck(IClusterAccess clusters, ClusterStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var cluster in clusters.ClusterNames)
        {
            var reachable = await clusters.IsReachableAsync(cluster, cancellationToken);
            var missing = status.TemplatesNotInPlace(cluster);
            data[cluster] = new { reachable, roleTemplatesNotInPlace = missing };
            if (!reachable)
            {
                problems.Add($"{cluster}: not reachable");
            }
            else if (missing.Count > 0)
            {
                problems.Add($"{cluster}: ClusterRoles missing or different for role templates [{string.Join(", ", missing)}]");
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy($"{data.Count} clusters ready", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", problems), data: data);
    }
}
