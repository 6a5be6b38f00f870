using AccessBroker.Core.Policies;

namespace AccessBroker.Kubernetes;

/// <summary>
/// Everything the broker does on its clusters, by cluster name. Failures raise <see cref="ClusterException"/>.
/// </summary>
public interface IClusterAccess
{
    IReadOnlyCollection<string> ClusterNames { get; }

    bool HasCluster(string cluster);

    ClusterEndpoint GetEndpoint(string cluster);

    /// <summary>Creates the grant's ServiceAccount and RoleBinding; on failure, removes what it created.</summary>
    Task<GrantObjects> ProvisionAsync(string cluster, GrantProvisioning grant, CancellationToken cancellationToken);

    /// <summary>Deletes the RoleBinding first, then the ServiceAccount, which invalidates every token of the grant.</summary>
    Task RevokeAsync(string cluster, GrantObjects objects, CancellationToken cancellationToken);

    /// <summary>A fresh TokenRequest token for the grant's ServiceAccount (Kubernetes' floor: 10 minutes).</summary>
    Task<IssuedToken> RequestTokenAsync(string cluster, GrantObjects objects, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Asks the cluster (SubjectAccessReview) whether the grant's identity may do <paramref name="check"/>.</summary>
    Task<bool> CanAsync(string cluster, GrantObjects objects, AccessCheck check, CancellationToken cancellationToken);

    /// <summary>ServiceAccounts and RoleBindings labelled as AccessBroker's.</summary>
    Task<IReadOnlyList<ManagedObject>> ListManagedObjectsAsync(string cluster, CancellationToken cancellationToken);

    Task DeleteManagedObjectAsync(string cluster, ManagedObject managedObject, CancellationToken cancellationToken);

    /// <summary>
    /// Makes or checks the template ClusterRoles: in Manage mode creates or updates them, in Verify mode only
    /// compares. Returns the templates that are missing or differ (empty when all are in place).
    /// </summary>
    Task<IReadOnlyList<string>> SyncRoleTemplatesAsync(string cluster, IReadOnlyList<RoleTemplate> templates, CancellationToken cancellationToken);

    Task<bool> IsReachableAsync(string cluster, CancellationToken cancellationToken);
}
