using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Clusters;

/// <summary>The clusters from configuration (<c>Clusters:&lt;name&gt;:*</c>); none configured means one sandbox named <c>sandbox</c>.</summary>
public sealed class ClustersSettings
{
    public const string SectionName = "Clusters";
    public const string DefaultSandboxName = "sandbox";

    public Dictionary<string, ClusterSettings> Clusters { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ClusterSettings> Effective =>
        Clusters.Count > 0 ? Clusters : new Dictionary<string, ClusterSettings> { [DefaultSandboxName] = new() { Sandbox = true } };
}

/// <summary>Every cluster problem at once, each naming the key.</summary>
internal sealed class ClustersSettingsValidator : IValidateOptions<ClustersSettings>
{
    public ValidateOptionsResult Validate(string? name, ClustersSettings options)
    {
        var failures = new List<string>();
        foreach (var (cluster, settings) in options.Clusters)
        {
            var key = $"{ClustersSettings.SectionName}:{cluster}";
            if (PolicyNames.CheckDnsLabel(cluster) is { } problem)
            {
                failures.Add($"{key}: the cluster name {problem}.");
            }

            var sources = new[] { settings.Sandbox, settings.InCluster, !string.IsNullOrWhiteSpace(settings.Kubeconfig) }.Count(set => set);
            if (sources != 1)
            {
                failures.Add($"{key}: set exactly one of Kubeconfig (a file path), InCluster: true or Sandbox: true.");
            }
            else if (settings.Kubeconfig is { Length: > 0 } file && !File.Exists(file))
            {
                failures.Add($"{key}:Kubeconfig: file '{file}' does not exist.");
            }

            if (PolicyNames.CheckDnsLabel(settings.BrokerNamespace) is { } namespaceProblem)
            {
                failures.Add($"{key}:BrokerNamespace: {namespaceProblem}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
