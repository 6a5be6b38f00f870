using AccessBroker.Testing;
using k8s;
using YamlDotNet.RepresentationModel;

namespace AccessBroker.Packaging.Tests;

/// <summary>The API-server side of the audit webhook in <c>deploy/kube-audit</c> fits what the broker accepts.</summary>
public sealed class KubeAuditExampleTests
{
    private static string FileOf(string name) => RepositoryLayout.PathOf("deploy", "kube-audit", name);

    [Fact]
    public async Task WebhookKubeconfig_PostsToTheClustersKubeAuditEndpoint_WithABearerToken()
    {
        var text = (await File.ReadAllTextAsync(FileOf("webhook.kubeconfig"), TestContext.Current.CancellationToken))
            .Replace("BROKER", "accessbroker.example.com", StringComparison.Ordinal)
            .Replace("CLUSTER", "prod-eu", StringComparison.Ordinal);

        var kubeconfig = KubernetesYaml.Deserialize<k8s.KubeConfigModels.K8SConfiguration>(text, strict: true);

        var cluster = kubeconfig.Clusters.ShouldHaveSingleItem().ClusterEndpoint;
        new Uri(cluster.Server).AbsolutePath.ShouldBe("/api/v1/clusters/prod-eu/kube-audit");
        new Uri(cluster.Server).Scheme.ShouldBe(Uri.UriSchemeHttps);
        kubeconfig.Users.ShouldHaveSingleItem().UserCredentials.Token.ShouldBe("TOKEN");
        kubeconfig.CurrentContext.ShouldBe(kubeconfig.Contexts.ShouldHaveSingleItem().Name);
    }

    [Fact]
    public async Task AuditPolicy_SendsOnlyMetadata_OfTheBrokersServiceAccounts()
    {
        var rendered = await RenderedOverlay.RenderAsync("production");
        var stream = new YamlStream();
        using (var reader = new StreamReader(FileOf("policy.yaml")))
        {
            stream.Load(reader);
        }

        var policy = (YamlMappingNode)stream.Documents.ShouldHaveSingleItem().RootNode;
        ((YamlScalarNode)policy["apiVersion"]).Value.ShouldBe("audit.k8s.io/v1");
        ((YamlScalarNode)policy["kind"]).Value.ShouldBe("Policy");
        var rules = ((YamlSequenceNode)policy["rules"]).Children.Cast<YamlMappingNode>().ToList();
        rules.Select(rule => ((YamlScalarNode)rule["level"]).Value).ShouldAllBe(level => level == "Metadata" || level == "None");
        ((YamlScalarNode)rules[^1]["level"]).Value.ShouldBe("None");
        var brokerNamespace = rendered.Single<k8s.Models.V1Namespace>().Metadata.Name;
        rules.SkipLast(1)
            .SelectMany(rule => ((YamlSequenceNode)rule["userGroups"]).Children.Cast<YamlScalarNode>().Select(group => group.Value))
            .ShouldAllBe(group => group == $"system:serviceaccounts:{brokerNamespace}");
    }
}
