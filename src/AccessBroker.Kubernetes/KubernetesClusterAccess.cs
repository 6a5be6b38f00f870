using System.Globalization;
using System.Net;
using AccessBroker.Core.Policies;
using k8s;
using k8s.Models;

namespace AccessBroker.Kubernetes;

internal sealed class KubernetesClusterAccess(ClusterRegistry clusters) : IClusterAccess
{
    /// <summary>Kubernetes refuses TokenRequest <c>expirationSeconds</c> under 600 (10 minutes).</summary>
    public static readonly TimeSpan MinimumTokenLifetime = TimeSpan.FromMinutes(10);

    public IReadOnlyCollection<string> ClusterNames => clusters.Names;

    public bool HasCluster(string cluster) => clusters.Contains(cluster);

    public ClusterEndpoint GetEndpoint(string cluster) => clusters.Get(cluster).Endpoint;

    public async Task<GrantObjects> ProvisionAsync(string cluster, GrantProvisioning grant, CancellationToken cancellationToken)
    {
        var connection = clusters.Get(cluster);
        var objects = new GrantObjects(connection.Settings.BrokerNamespace, grant.ObjectName, grant.Namespace, grant.ObjectName);
        var metadata = Metadata(grant);

        await CreateOrAdoptAsync(cluster, grant.GrantId,
            () => connection.Client.CoreV1.CreateNamespacedServiceAccountAsync(
                new V1ServiceAccount { Metadata = metadata(objects.ServiceAccountName, objects.ServiceAccountNamespace) },
                objects.ServiceAccountNamespace, cancellationToken: cancellationToken),
            async () => (await connection.Client.CoreV1.ReadNamespacedServiceAccountAsync(objects.ServiceAccountName, objects.ServiceAccountNamespace, cancellationToken: cancellationToken)).Metadata);
        try
        {
            var binding = new V1RoleBinding
            {
                Metadata = metadata(objects.RoleBindingName, objects.RoleBindingNamespace),
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = GrantObjectNames.ClusterRoleFor(grant.Role) },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = objects.ServiceAccountName, NamespaceProperty = objects.ServiceAccountNamespace }],
            };
            await CreateOrAdoptAsync(cluster, grant.GrantId,
                () => connection.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, objects.RoleBindingNamespace, cancellationToken: cancellationToken),
                async () => (await connection.Client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(objects.RoleBindingName, objects.RoleBindingNamespace, cancellationToken: cancellationToken)).Metadata);
        }
        catch (ClusterException)
        {
            // Undo the first step so a refused binding leaves no ServiceAccount behind.
            await ClusterCall.DeleteAsync(cluster, () => connection.Client.CoreV1.DeleteNamespacedServiceAccountAsync(
                objects.ServiceAccountName, objects.ServiceAccountNamespace, cancellationToken: CancellationToken.None));
            throw;
        }

        return objects;
    }

    public async Task RevokeAsync(string cluster, GrantObjects objects, CancellationToken cancellationToken)
    {
        var client = clusters.Get(cluster).Client;
        await ClusterCall.DeleteAsync(cluster, () => client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(
            objects.RoleBindingName, objects.RoleBindingNamespace, cancellationToken: cancellationToken));
        await ClusterCall.DeleteAsync(cluster, () => client.CoreV1.DeleteNamespacedServiceAccountAsync(
            objects.ServiceAccountName, objects.ServiceAccountNamespace, cancellationToken: cancellationToken));
    }

    public async Task<IssuedToken> RequestTokenAsync(string cluster, GrantObjects objects, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var client = clusters.Get(cluster).Client;
        var seconds = (long)Math.Ceiling(Math.Max(lifetime.TotalSeconds, MinimumTokenLifetime.TotalSeconds));
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = seconds, Audiences = [] } };
        var response = await ClusterCall.RunAsync(cluster, () => client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            request, objects.ServiceAccountName, objects.ServiceAccountNamespace, cancellationToken: cancellationToken));
        var expires = response.Status.ExpirationTimestamp ?? throw new ClusterException(cluster, null, "TokenRequest answered without an expiration time.", isTransient: false);
        return new IssuedToken(response.Status.Token, new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)));
    }

    public async Task<bool> CanAsync(string cluster, GrantObjects objects, AccessCheck check, CancellationToken cancellationToken)
    {
        var client = clusters.Get(cluster).Client;
        var review = new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = objects.UserName,
                Groups = ["system:serviceaccounts", $"system:serviceaccounts:{objects.ServiceAccountNamespace}", "system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes
                {
                    Verb = check.Verb, Group = check.Group, Resource = check.Resource, Subresource = check.Subresource,
                    NamespaceProperty = check.Namespace, Name = check.Name,
                },
            },
        };
        var answer = await ClusterCall.RunAsync(cluster, () => client.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: cancellationToken));
        return answer.Status.Allowed;
    }

    public async Task<IReadOnlyList<ManagedObject>> ListManagedObjectsAsync(string cluster, CancellationToken cancellationToken)
    {
        var connection = clusters.Get(cluster);
        var accounts = await ClusterCall.RunAsync(cluster, () => connection.Client.CoreV1.ListNamespacedServiceAccountAsync(
            connection.Settings.BrokerNamespace, labelSelector: GrantObjectNames.ManagedSelector, cancellationToken: cancellationToken));
        var bindings = await ClusterCall.RunAsync(cluster, () => connection.Client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(
            labelSelector: GrantObjectNames.ManagedSelector, cancellationToken: cancellationToken));
        return accounts.Items.Select(account => Managed("ServiceAccount", account.Metadata))
            .Concat(bindings.Items.Select(binding => Managed("RoleBinding", binding.Metadata)))
            .ToList();
    }

    public Task DeleteManagedObjectAsync(string cluster, ManagedObject managedObject, CancellationToken cancellationToken)
    {
        var client = clusters.Get(cluster).Client;
        return managedObject.Kind switch
        {
            "ServiceAccount" => ClusterCall.DeleteAsync(cluster, () => client.CoreV1.DeleteNamespacedServiceAccountAsync(managedObject.Name, managedObject.Namespace, cancellationToken: cancellationToken)),
            "RoleBinding" => ClusterCall.DeleteAsync(cluster, () => client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(managedObject.Name, managedObject.Namespace, cancellationToken: cancellationToken)),
            _ => throw new ArgumentException($"AccessBroker does not manage {managedObject.Kind} objects.", nameof(managedObject)),
        };
    }

    public async Task<IReadOnlyList<string>> SyncRoleTemplatesAsync(string cluster, IReadOnlyList<RoleTemplate> templates, CancellationToken cancellationToken)
    {
        var connection = clusters.Get(cluster);
        var notInPlace = new List<string>();
        foreach (var template in templates)
        {
            var wanted = ClusterRoleRendering.Render(template);
            var existing = await ReadClusterRoleAsync(connection, wanted.Metadata.Name, cancellationToken);
            if (existing is not null && ClusterRoleRendering.SameRules(existing.Rules, wanted.Rules))
            {
                continue;
            }

            if (connection.Settings.RoleTemplates == RoleTemplateMode.Verify)
            {
                notInPlace.Add(template.Name);
                continue;
            }

            if (existing is null)
            {
                await ClusterCall.RunAsync(cluster, () => connection.Client.RbacAuthorizationV1.CreateClusterRoleAsync(wanted, cancellationToken: cancellationToken));
            }
            else
            {
                wanted.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await ClusterCall.RunAsync(cluster, () => connection.Client.RbacAuthorizationV1.ReplaceClusterRoleAsync(wanted, wanted.Metadata.Name, cancellationToken: cancellationToken));
            }
        }

        return notInPlace;
    }

    public async Task<bool> IsReachableAsync(string cluster, CancellationToken cancellationToken)
    {
        try
        {
            await ClusterCall.RunAsync(cluster, () => clusters.Get(cluster).Client.Version.GetCodeAsync(cancellationToken));
            return true;
        }
        catch (ClusterException)
        {
            return false;
        }
    }

    private static async Task<V1ClusterRole?> ReadClusterRoleAsync(ClusterConnection connection, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterCall.RunAsync(connection.Name, () => connection.Client.RbacAuthorizationV1.ReadClusterRoleAsync(name, cancellationToken: cancellationToken));
        }
        catch (ClusterException exception) when (exception.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates an object; when it already exists and carries this grant's label (a retry after a partial
    /// failure), it is adopted instead of failing. An object of another grant is a conflict.
    /// </summary>
    private static async Task CreateOrAdoptAsync<T>(string cluster, Guid grantId, Func<Task<T>> create, Func<Task<V1ObjectMeta>> readExisting)
    {
        try
        {
            await ClusterCall.RunAsync(cluster, create);
        }
        catch (ClusterException exception) when (exception.StatusCode == (int)HttpStatusCode.Conflict)
        {
            var existing = await ClusterCall.RunAsync(cluster, readExisting);
            if (GrantOf(existing) != grantId)
            {
                throw;
            }
        }
    }

    private static Func<string, string, V1ObjectMeta> Metadata(GrantProvisioning grant) => (name, @namespace) => new V1ObjectMeta
    {
        Name = name,
        NamespaceProperty = @namespace,
        Labels = new Dictionary<string, string>
        {
            [GrantObjectNames.ManagedByLabel] = GrantObjectNames.ManagedByValue,
            [GrantObjectNames.GrantLabel] = grant.GrantId.ToString(),
        },
        Annotations = new Dictionary<string, string>
        {
            [GrantObjectNames.EndsAtAnnotation] = grant.EndsAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        },
    };

    private static ManagedObject Managed(string kind, V1ObjectMeta metadata) =>
        new(kind, metadata.NamespaceProperty, metadata.Name, GrantOf(metadata));

    private static Guid? GrantOf(V1ObjectMeta metadata) =>
        metadata.Labels is { } labels && labels.TryGetValue(GrantObjectNames.GrantLabel, out var value) && Guid.TryParse(value, out var id) ? id : null;
}
