using k8s;

namespace AccessBroker.Kubernetes;

/// <summary>A configured cluster with the client the broker uses on it.</summary>
public sealed class ClusterConnection(string name, ClusterSettings settings, KubernetesClientConfiguration configuration) : IDisposable
{
    public string Name { get; } = name;

    public ClusterSettings Settings { get; } = settings;

    private readonly KubernetesClientConfiguration clientConfiguration = configuration;

    public IKubernetes Client { get; } = new k8s.Kubernetes(configuration);

    public ClusterEndpoint Endpoint { get; } = new(
        new Uri(configuration.Host),
        configuration.SslCaCerts is { Count: > 0 } ca
            ? Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(
                string.Concat(ca.Select(certificate => certificate.ExportCertificatePem() + "\n"))))
            : null);

    /// <summary>A client for this cluster's server and CA that authenticates with <paramref name="token"/> instead of the broker's identity.</summary>
    public IKubernetes ClientWithToken(string token) => new k8s.Kubernetes(new KubernetesClientConfiguration
    {
        Host = clientConfiguration.Host,
        SslCaCerts = clientConfiguration.SslCaCerts,
        SkipTlsVerify = clientConfiguration.SkipTlsVerify,
        AccessToken = token,
    });

    public void Dispose() => Client.Dispose();
}
