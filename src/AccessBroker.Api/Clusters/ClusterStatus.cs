using System.Collections.Concurrent;

namespace AccessBroker.Api.Clusters;

/// <summary>What readiness reports per cluster: role templates whose ClusterRole is missing or differs.</summary>
internal sealed class ClusterStatus
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> templatesNotInPlace = new(StringComparer.Ordinal);

    public void SetTemplatesNotInPlace(string cluster, IReadOnlyList<string> templates) => templatesNotInPlace[cluster] = templates;

    public IReadOnlyList<string> TemplatesNotInPlace(string cluster) =>
        templatesNotInPlace.TryGetValue(cluster, out var templates) ? templates : [];
}
