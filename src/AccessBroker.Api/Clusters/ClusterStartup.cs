using System.Text;
using AccessBroker.Api.Features.Policies;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using AccessBroker.KubeSim;
using k8s;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Clusters;

/// <summary>
/// Connects every configured cluster at start-up — starting KubeSim in-process for sandbox clusters — and
/// keeps the role-template ClusterRoles in step with the policy set (Manage mode) or checks them (Verify mode).
/// </summary>
internal sealed partial class ClusterStartup(
    ClusterRegistry registry,
    IClusterAccess clusters,
    ClusterStatus status,
    PolicyStore policies,
    PolicyReloader reloader,
    IOptions<ClustersSettings> settings,
    ILogger<ClusterStartup> logger) : IHostedService, IAsyncDisposable
{
    private readonly List<KubeSimServer> sandboxes = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, cluster) in settings.Value.Effective)
        {
            registry.Add(name, cluster, await ConfigurationForAsync(name, cluster, cancellationToken));
        }

        reloader.Loaded += SyncRoleTemplatesAsync;
        await SyncRoleTemplatesAsync(policies.Current, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        reloader.Loaded -= SyncRoleTemplatesAsync;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sandbox in sandboxes)
        {
            await sandbox.DisposeAsync();
        }
    }

    private async Task SyncRoleTemplatesAsync(PolicySet set, CancellationToken cancellationToken)
    {
        foreach (var cluster in clusters.ClusterNames)
        {
            try
            {
                var notInPlace = await clusters.SyncRoleTemplatesAsync(cluster, set.RoleTemplates, cancellationToken);
                status.SetTemplatesNotInPlace(cluster, notInPlace);
                LogSynced(cluster, set.RoleTemplates.Count, notInPlace.Count);
            }
            catch (ClusterException exception)
            {
                status.SetTemplatesNotInPlace(cluster, set.RoleTemplates.Select(template => template.Name).ToArray());
                LogSyncFailed(cluster, exception.Message);
            }
        }
    }

    private async Task<KubernetesClientConfiguration> ConfigurationForAsync(string name, ClusterSettings cluster, CancellationToken cancellationToken)
    {
        if (!cluster.Sandbox)
        {
            return ClusterRegistry.ConfigurationFor(cluster);
        }

        var sandbox = await KubeSimServer.StartAsync(new KubeSimOptions { SeedYaml = KubeSimDemoSeed.Yaml }, cancellationToken);
        sandboxes.Add(sandbox);
        LogSandboxStarted(name, sandbox.Url);
        await using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(sandbox.CreateKubeconfig()));
        return await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(kubeconfig);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox cluster {Cluster}: KubeSim (a Kubernetes simulator, not a real cluster) at {Url}")]
    private partial void LogSandboxStarted(string cluster, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: {Templates} role templates, {NotInPlace} missing or different")]
    private partial void LogSynced(string cluster, int templates, int notInPlace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {Cluster}: role templates could not be synced: {Error}")]
    private partial void LogSyncFailed(string cluster, string error);
}
