using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Api.Tests.Fixtures;

/// <summary>
/// The real cluster access, except that provisioning "crashes" right after the cluster objects were created and
/// before the broker could save the grant as active — the failure the orphan sweep exists for.
/// </summary>
internal sealed class CrashAfterProvisioning(IClusterAccess inner) : IClusterAccess
{
    public IReadOnlyCollection<string> ClusterNames => inner.ClusterNames;

    public static void Install(IServiceCollection services)
    {
        var original = services.Single(descriptor => descriptor.ServiceType == typeof(IClusterAccess));
        services.Remove(original);
        services.AddSingleton<IClusterAccess>(provider =>
            new CrashAfterProvisioning((IClusterAccess)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!)));
    }

    public async Task<GrantObjects> ProvisionAsync(string cluster, GrantProvisioning grant, CancellationToken cancellationToken)
    {
        await inner.ProvisionAsync(cluster, grant, cancellationToken);
        throw new InvalidOperationException("simulated crash between the cluster call and the database commit");
    }

    public bool HasCluster(string cluster) => inner.HasCluster(cluster);

    public ClusterEndpoint GetEndpoint(string cluster) => inner.GetEndpoint(cluster);

    public Task RevokeAsync(string cluster, GrantObjects objects, CancellationToken cancellationToken) => inner.RevokeAsync(cluster, objects, cancellationToken);

    public Task<IssuedToken> RequestTokenAsync(string cluster, GrantObjects objects, TimeSpan lifetime, CancellationToken cancellationToken) =>
        inner.RequestTokenAsync(cluster, objects, lifetime, cancellationToken);

    public Task<bool> CanAsync(string cluster, GrantObjects objects, AccessCheck check, CancellationToken cancellationToken) =>
        inner.CanAsync(cluster, objects, check, cancellationToken);

    public Task<IReadOnlyList<ManagedObject>> ListManagedObjectsAsync(string cluster, CancellationToken cancellationToken) =>
        inner.ListManagedObjectsAsync(cluster, cancellationToken);

    public Task DeleteManagedObjectAsync(string cluster, ManagedObject managedObject, CancellationToken cancellationToken) =>
        inner.DeleteManagedObjectAsync(cluster, managedObject, cancellationToken);

    public Task<IReadOnlyList<string>> SyncRoleTemplatesAsync(string cluster, IReadOnlyList<RoleTemplate> templates, CancellationToken cancellationToken) =>
        inner.SyncRoleTemplatesAsync(cluster, templates, cancellationToken);

    public Task<bool> IsReachableAsync(string cluster, CancellationToken cancellationToken) => inner.IsReachableAsync(cluster, cancellationToken);
}
