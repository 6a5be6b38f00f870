using System.Text;

namespace AccessBroker.KubeSim.Hosting;

/// <summary>Writes a kubeconfig (v1 Config) with one cluster, user and context, all named "kubesim".</summary>
internal static class Kubeconfig
{
    public static string Write(Uri server, string? caPem, string token, string @namespace)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("apiVersion: v1");
        yaml.AppendLine("kind: Config");
        yaml.AppendLine("clusters:");
        yaml.AppendLine("- name: kubesim");
        yaml.AppendLine("  cluster:");
        yaml.AppendLine($"    server: {server.ToString().TrimEnd('/')}");
        if (caPem is not null)
        {
            yaml.AppendLine($"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))}");
        }
        yaml.AppendLine("users:");
        yaml.AppendLine("- name: kubesim");
        yaml.AppendLine("  user:");
        yaml.AppendLine($"    token: {token}");
        yaml.AppendLine("contexts:");
        yaml.AppendLine("- name: kubesim");
        yaml.AppendLine("  context:");
        yaml.AppendLine("    cluster: kubesim");
        yaml.AppendLine("    user: kubesim");
        yaml.AppendLine($"    namespace: {@namespace}");
        yaml.AppendLine("current-context: kubesim");
        return yaml.ToString();
    }
}
