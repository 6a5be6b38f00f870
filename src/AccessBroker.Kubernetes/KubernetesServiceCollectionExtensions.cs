using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>Registers the cluster registry (filled at start-up) and the one <see cref="IClusterAccess"/> and <see cref="IGrantActions"/> over it.</summary>
    public static IServiceCollection AddAccessBrokerKubernetes(this IServiceCollection services)
    {
        services.AddSingleton<ClusterRegistry>();
        services.AddSingleton<IClusterAccess, KubernetesClusterAccess>();
        services.AddSingleton<IGrantActions, KubernetesGrantActions>();
        return services;
    }
}
