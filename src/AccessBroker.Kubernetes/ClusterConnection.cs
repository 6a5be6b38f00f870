using k8s;

namespace AccessBroker.Kubernetes;

/// <summary>A configured cluster with the client the broker uses on it.</summary>
public sealed class ClusterConnection(string name, ClusterSettings settings, KubernetesClientConfiguration configuration) : IDisposable
{
    public string Name { get; } = name;

    public ClusterSettings Settings { get; } = settings;

    public IKubernetes Client { get; } = new k8s.Kubernetes(configuration);

    public ClusterEndpoint Endpoint { get; } = new(
        new Uri(configuration.Host),
        configuration.SslCaCerts is { Count: > 0 } ca
            ? Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(
                string.Concat(ca.Select(certificate => certificate.ExportCertificatePem() + "\n"))))
            : null);

    public void Dispose() => Client.Dispose();
}
