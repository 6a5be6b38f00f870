using AccessBroker.Testing;
using k8s;
using k8s.Models;

namespace AccessBroker.Packaging.Tests;

/// <summary>
/// The rendered overlays go through a real kubectl apply against KubeSim, which validates fields strictly like an API
/// server. KubeSim does not serve Services, PodDisruptionBudgets, NetworkPolicies or PersistentVolumeClaims; those are
/// checked by the strict parse of <see cref="RenderedOverlay"/> only.
/// </summary>
public sealed class KubeSimApplyTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("production")]
    public async Task Overlay_AppliesWithKubectl_ToAStrictApiServer(string overlay)
    {
        var rendered = await RenderedOverlay.RenderAsync(overlay);
        var documents = rendered.Yaml.Split("\n---\n");
        documents.Length.ShouldBe(rendered.Objects.Count);
        var served = documents.Where((_, index) => rendered.Objects[index] is not (V1Service or V1PodDisruptionBudget or V1NetworkPolicy or V1PersistentVolumeClaim));
        await using var cluster = await TestCluster.StartAsync();
        var home = Directory.CreateTempSubdirectory("accessbroker-kubectl-").FullName;
        try
        {
            var result = await ProcessRunner.RunAsync(
                RenderedOverlay.KubectlPath("1.33"),
                ["apply", "-f", "-", $"--cache-dir={Path.Combine(home, "cache")}"],
                TimeSpan.FromMinutes(1),
                stdin: string.Join("\n---\n", served),
                environment: new Dictionary<string, string> { ["KUBECONFIG"] = cluster.KubeconfigPath, ["HOME"] = home });

            result.ShouldSucceed();
            var deployment = await cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("accessbroker", "accessbroker", cancellationToken: TestContext.Current.CancellationToken);
            deployment.Spec.Replicas.ShouldBe(rendered.Deployment.Spec.Replicas);
            deployment.Spec.Template.Spec.Containers.ShouldHaveSingleItem().SecurityContext.ReadOnlyRootFilesystem.ShouldBe(true);
            (await cluster.Admin.CoreV1.ReadNamespacedServiceAccountAsync("accessbroker", "accessbroker", cancellationToken: TestContext.Current.CancellationToken))
                .ShouldNotBeNull();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
