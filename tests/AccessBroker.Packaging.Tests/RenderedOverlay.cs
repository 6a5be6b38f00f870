using AccessBroker.Testing;
using k8s;
using k8s.Models;

namespace AccessBroker.Packaging.Tests;

/// <summary>
/// An overlay of <c>deploy/kustomize</c> rendered by a real kubectl's built-in kustomize, parsed strictly into the
/// Kubernetes API types (an unknown or misspelt field fails the parse, as the API server's strict validation would).
/// </summary>
internal sealed record RenderedOverlay(string Yaml, IReadOnlyList<object> Objects)
{
    public const string KubectlDirectory = "/usr/lib/google-cloud-sdk/bin";

    /// <summary>The newest and the oldest kubectl the machine image ships.</summary>
    public static TheoryData<string> KubectlVersions => new("1.33", "1.27");

    public static string KubectlPath(string version)
    {
        var path = Path.Combine(KubectlDirectory, $"kubectl.{version}");
        TestPrerequisite.Require(File.Exists(path), $"{path} is missing: the machine image's google-cloud-sdk kubectl package provides it.");

        return path;
    }

    public static async Task<RenderedOverlay> RenderAsync(string overlay, string kubectlVersion = "1.33")
    {
        var result = await ProcessRunner.RunAsync(
            KubectlPath(kubectlVersion),
            ["kustomize", TestRepository.Path("deploy", "kustomize", "overlays", overlay)],
            TimeSpan.FromMinutes(1));
        result.ShouldSucceed();
        return new RenderedOverlay(result.Stdout, KubernetesYaml.LoadAllFromString(result.Stdout, strict: true));
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>() => Objects.OfType<T>().ShouldHaveSingleItem();

    public V1Deployment Deployment => Single<V1Deployment>();

    public V1Container Server => Deployment.Spec.Template.Spec.Containers.ShouldHaveSingleItem();

    public V1ConfigMap ConfigMap(string generatedName) =>
        All<V1ConfigMap>().Where(map => map.Metadata.Name.StartsWith(generatedName + "-", StringComparison.Ordinal)).ShouldHaveSingleItem();

    /// <summary>
    /// The broker's configuration as the pod gets it: the ConfigMaps of <c>envFrom</c>, then <c>env</c> (which wins),
    /// with <c>__</c> read as <c>:</c> like ASP.NET Core's environment provider. Secret references become a placeholder.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings(string secretPlaceholder)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in Server.EnvFrom ?? [])
        {
            if (source.SecretRef is { } secret)
            {
                secret.Optional.ShouldBe(true, $"Secret {secret.Name}: only optional extras (dev users) come whole from a Secret");
                continue;
            }

            var map = All<V1ConfigMap>().Single(map => map.Metadata.Name == source.ConfigMapRef.Name);
            foreach (var (name, value) in map.Data)
            {
                settings[ToKey(name)] = value;
            }
        }

        foreach (var variable in Server.Env ?? [])
        {
            settings[ToKey(variable.Name)] = variable.ValueFrom?.SecretKeyRef is not null ? secretPlaceholder : variable.Value;
        }

        return settings;
    }

    private static string ToKey(string environmentVariable) => environmentVariable.Replace("__", ":", StringComparison.Ordinal);
}
