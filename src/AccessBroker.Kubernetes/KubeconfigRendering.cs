using System.Text;

namespace AccessBroker.Kubernetes;

/// <summary>
/// The kubeconfig handed out for a grant: the cluster's server and CA, a context on the grant's namespace, and a
/// user that runs <c>abctl credential</c> as a kubectl exec plugin, so no token is ever written into the file.
/// Written by hand because <c>interactiveMode</c> (required by client.authentication.k8s.io/v1) is not in
/// KubernetesClient's kubeconfig model.
/// </summary>
public static class KubeconfigRendering
{
    public static string ForGrant(ClusterEndpoint endpoint, string cluster, string @namespace, Guid grantId, Uri brokerUrl)
    {
        var shortId = GrantObjectNames.For(grantId);
        var context = $"{cluster}-{@namespace}-{shortId}";
        var yaml = new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine("clusters:")
            .AppendLine($"- name: {Quote(cluster)}")
            .AppendLine("  cluster:")
            .AppendLine($"    server: {Quote(endpoint.Server.ToString().TrimEnd('/'))}");
        if (endpoint.CertificateAuthorityData is { } ca)
        {
            yaml.AppendLine($"    certificate-authority-data: {ca}");
        }

        return yaml
            .AppendLine("contexts:")
            .AppendLine($"- name: {Quote(context)}")
            .AppendLine("  context:")
            .AppendLine($"    cluster: {Quote(cluster)}")
            .AppendLine($"    namespace: {Quote(@namespace)}")
            .AppendLine($"    user: {Quote(shortId)}")
            .AppendLine($"current-context: {Quote(context)}")
            .AppendLine("users:")
            .AppendLine($"- name: {Quote(shortId)}")
            .AppendLine("  user:")
            .AppendLine("    exec:")
            .AppendLine("      apiVersion: client.authentication.k8s.io/v1")
            .AppendLine("      command: abctl")
            .AppendLine("      args:")
            .AppendLine("      - credential")
            .AppendLine($"      - {Quote(grantId.ToString())}")
            .AppendLine("      - --server")
            .AppendLine($"      - {Quote(brokerUrl.ToString().TrimEnd('/'))}")
            .AppendLine("      interactiveMode: Never")
            .AppendLine("      provideClusterInfo: false")
            .AppendLine("      installHint: Install abctl with 'dotnet tool install --global AccessBroker.Cli' and sign in with 'abctl login'.")
            .ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
