using System.Collections.Concurrent;
using k8s;

namespace AccessBroker.Kubernetes;

/// <summary>The clusters the broker knows, by name; filled at start-up once every cluster's client is built.</summary>
public sealed class ClusterRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, ClusterConnection> connections = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => connections.Keys.Order(StringComparer.Ordinal).ToArray();

    public void Add(string name, ClusterSettings settings, KubernetesClientConfiguration configuration)
    {
        var connection = new ClusterConnection(name, settings, configuration);
        if (!connections.TryAdd(name, connection))
        {
            connection.Dispose();
            throw new InvalidOperationException($"Cluster '{name}' is registered twice.");
        }
    }

    public bool Contains(string name) => connections.ContainsKey(name);

    public ClusterConnection Get(string name) =>
        connections.TryGetValue(name, out var connection)
            ? connection
            : throw new ClusterException(name, null, $"Cluster '{name}' is not configured.", isTransient: false);

    /// <summary>Builds the client configuration for a kubeconfig file or in-cluster settings.</summary>
    public static KubernetesClientConfiguration ConfigurationFor(ClusterSettings settings) =>
        settings.InCluster
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(settings.Kubeconfig, settings.Context);

    public void Dispose()
    {
        foreach (var connection in connections.Values)
        {
            connection.Dispose();
        }
    }
}
