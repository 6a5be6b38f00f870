using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Api.Tests.Fixtures;

/// <summary>The real cluster access with one step changed, installed in place of the broker's own (for injecting failures).</summary>
internal abstract class DelegatingClusterAccess(IClusterAccess inner) : IClusterAccess
{
    protected IClusterAccess Inner { get; } = inner;

    public IReadOnlyCollection<string> ClusterNames => Inner.ClusterNames;

    /// <summary>Replaces the registered <see cref="IClusterAccess"/> with <paramref name="decorate"/> around it.</summary>
    public static void Install(IServiceCollection services, Func<IClusterAccess, IClusterAccess> decorate)
    {
        var original = services.Single(descriptor => descriptor.ServiceType == typeof(IClusterAccess));
        services.Remove(original);
        services.AddSingleton(provider => decorate((IClusterAccess)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!)));
    }

    public virtual Task<GrantObjects> ProvisionAsync(string cluster, GrantProvisioning grant, CancellationToken cancellationToken) =>
        Inner.ProvisionAsync(cluster, grant, cancellationToken);

    public bool HasCluster(string cluster) => Inner.HasCluster(cluster);

    public ClusterEndpoint GetEndpoint(string cluster) => Inner.GetEndpoint(cluster);

    public Task RevokeAsync(string cluster, GrantObjects objects, CancellationToken cancellationToken) => Inner.RevokeAsync(cluster, objects, cancellationToken);

    public Task<IssuedToken> RequestTokenAsync(string cluster, GrantObjects objects, TimeSpan lifetime, CancellationToken cancellationToken) =>
        Inner.RequestTokenAsync(cluster, objects, lifetime, cancellationToken);

    public Task<bool> CanAsync(string cluster, GrantObjects objects, AccessCheck check, CancellationToken cancellationToken) =>
        Inner.CanAsync(cluster, objects, check, cancellationToken);

    public Task<IReadOnlyList<ManagedObject>> ListManagedObjectsAsync(string cluster, CancellationToken cancellationToken) =>
        Inner.ListManagedObjectsAsync(cluster, cancellationToken);

    public Task DeleteManagedObjectAsync(string cluster, ManagedObject managedObject, CancellationToken cancellationToken) =>
        Inner.DeleteManagedObjectAsync(cluster, managedObject, cancellationToken);

    public Task<IReadOnlyList<string>> SyncRoleTemplatesAsync(string cluster, IReadOnlyList<RoleTemplate> templates, CancellationToken cancellationToken) =>
        Inner.SyncRoleTemplatesAsync(cluster, templates, cancellationToken);

    public Task<bool> IsReachableAsync(string cluster, CancellationToken cancellationToken) => Inner.IsReachableAsync(cluster, cancellationToken);
}

/// <summary>
/// Provisioning "crashes" right after the cluster objects were created and before the broker could save the grant
/// as active — the failure the orphan sweep exists for.
/// </summary>
internal sealed class CrashAfterProvisioning(IClusterAccess inner) : DelegatingClusterAccess(inner)
{
    public static void Install(IServiceCollection services) => Install(services, inner => new CrashAfterProvisioning(inner));

    public override async Task<GrantObjects> ProvisionAsync(string cluster, GrantProvisioning grant, CancellationToken cancellationToken)
    {
        await Inner.ProvisionAsync(cluster, grant, cancellationToken);
        throw new InvalidOperationException("simulated crash between the cluster call and the database commit");
    }
}

/// <summary>
/// Every provisioning runs twice, as a retry after a response lost on the way back would: the second run finds
/// both objects already there and must adopt them as this grant's (reading them back) instead of failing.
/// </summary>
internal sealed class ProvisioningRetriedAfterLostResponse(IClusterAccess inner) : DelegatingClusterAccess(inner)
{
    public static void Install(IServiceCollection services) => Install(services, inner => new ProvisioningRetriedAfterLostResponse(inner));

    public override async Task<GrantObjects> ProvisionAsync(string cluster, GrantProvisioning grant, CancellationToken cancellationToken)
    {
        await Inner.ProvisionAsync(cluster, grant, cancellationToken);
        return await Inner.ProvisionAsync(cluster, grant, cancellationToken);
    }
}
