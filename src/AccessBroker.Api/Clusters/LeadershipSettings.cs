using AccessBroker.Core.Leadership;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Clusters;

public enum LeadershipMode
{
    /// <summary>A PostgreSQL advisory lock (SQLite: one instance, always the leader).</summary>
    Database,

    /// <summary>A coordination.k8s.io Lease in the broker namespace of <see cref="LeadershipSettings.Cluster"/>.</summary>
    Lease,
}

/// <summary>Which replica runs expiry and the orphan sweep (<c>Leadership:*</c>).</summary>
public sealed class LeadershipSettings
{
    public const string SectionName = "Leadership";

    public LeadershipMode Mode { get; set; } = LeadershipMode.Database;

    /// <summary>The cluster holding the Lease, with the broker's own credentials; may be left out when only one cluster is configured.</summary>
    public string? Cluster { get; set; }

    /// <summary>The Lease's namespace; the cluster's <c>BrokerNamespace</c> when empty.</summary>
    public string? LeaseNamespace { get; set; }

    public string LeaseName { get; set; } = LeaseLeaderLock.DefaultLeaseName;

    /// <summary>This replica's name in the Lease; the host (pod) name and a random suffix when empty.</summary>
    public string? Identity { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The configured cluster, or the only one there is.</summary>
    public string? EffectiveCluster(ClustersSettings clusters) =>
        Cluster ?? (clusters.Effective.Count == 1 ? clusters.Effective.Keys.Single() : null);
}

/// <summary>Every leadership setting problem at once, each naming the key.</summary>
internal sealed class LeadershipSettingsValidator(IOptions<ClustersSettings> clusters) : IValidateOptions<LeadershipSettings>
{
    public ValidateOptionsResult Validate(string? name, LeadershipSettings options)
    {
        const string key = LeadershipSettings.SectionName;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{key}:Mode: '{options.Mode}' is not supported; use Database or Lease.");
        }

        if (options.Mode != LeadershipMode.Lease)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        var configured = clusters.Value.Effective;
        if (options.EffectiveCluster(clusters.Value) is not { } cluster)
        {
            failures.Add($"{key}:Cluster: required when Leadership:Mode is Lease and several clusters are configured; name the cluster the broker runs in.");
        }
        else if (!configured.ContainsKey(cluster))
        {
            failures.Add($"{key}:Cluster: '{cluster}' is not a configured cluster (configured: {string.Join(", ", configured.Keys.Order(StringComparer.Ordinal))}).");
        }

        if (PolicyNames.CheckDnsLabel(options.LeaseName) is { } leaseProblem)
        {
            failures.Add($"{key}:LeaseName: {leaseProblem}.");
        }

        if (options.LeaseNamespace is { } leaseNamespace && PolicyNames.CheckDnsLabel(leaseNamespace) is { } namespaceProblem)
        {
            failures.Add($"{key}:LeaseNamespace: {namespaceProblem}.");
        }

        if (options.RetryPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{key}:RetryPeriod: must be positive, e.g. 00:00:02.");
        }

        if (options.RenewDeadline <= options.RetryPeriod)
        {
            failures.Add($"{key}:RenewDeadline: must be longer than Leadership:RetryPeriod ({options.RetryPeriod}), so a renewal can be retried before leadership is given up.");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration <= options.RenewDeadline)
        {
            failures.Add($"{key}:LeaseDuration: must be at least 1 second and longer than Leadership:RenewDeadline ({options.RenewDeadline}), so a leader stops before another replica may take over.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class LeadershipServices
{
    public static IServiceCollection AddLeadership(this IServiceCollection services)
    {
        services.AddOptions<LeadershipSettings>().BindConfiguration(LeadershipSettings.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LeadershipSettings>, LeadershipSettingsValidator>();
        services.AddSingleton(Create);
        return services;
    }

    private static ILeaderLock Create(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<LeadershipSettings>>().Value;
        if (settings.Mode != LeadershipMode.Lease)
        {
            return PersistenceServiceCollectionExtensions.CreateDatabaseLeaderLock(services.GetRequiredService<IOptions<DatabaseSettings>>().Value);
        }

        var clusters = services.GetRequiredService<IOptions<ClustersSettings>>().Value;
        var cluster = settings.EffectiveCluster(clusters)!;
        var registry = services.GetRequiredService<ClusterRegistry>();
        var lease = new LeaseLockSettings(
            settings.LeaseNamespace ?? clusters.Effective[cluster].BrokerNamespace,
            settings.LeaseName,
            settings.Identity ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}",
            settings.LeaseDuration,
            settings.RenewDeadline,
            settings.RetryPeriod);
        // The registry is filled when the clusters connect at start-up, after this lock is built.
        return new LeaseLeaderLock(() => registry.Get(cluster).Client, lease, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<LeaseLeaderLock>>());
    }
}
