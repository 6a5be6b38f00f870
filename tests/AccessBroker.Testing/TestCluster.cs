using System.Text;
using AccessBroker.KubeSim;
using k8s;

namespace AccessBroker.Testing;

/// <summary>
/// A KubeSim cluster started by the test (not by the broker), so it outlives broker restarts and the test can
/// look at it as an admin. <see cref="KubeconfigPath"/> is what the broker is configured with.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly string directory;

    private TestCluster(KubeSimServer server, string directory, string kubeconfigPath, IKubernetes admin)
    {
        Server = server;
        this.directory = directory;
        KubeconfigPath = kubeconfigPath;
        Admin = admin;
    }

    public KubeSimServer Server { get; }

    public string KubeconfigPath { get; }

    /// <summary>A client with the admin token, for arranging and asserting cluster state.</summary>
    public IKubernetes Admin { get; }

    /// <summary>
    /// Starts the cluster with the demo objects; with <paramref name="auditWebhookUrl"/> it posts its audit events there,
    /// authenticated with <paramref name="auditWebhookToken"/> as a real API server's webhook kubeconfig would.
    /// </summary>
    public static async Task<TestCluster> StartAsync(string? auditWebhookUrl = null, string? auditWebhookToken = null)
    {
        var server = await KubeSimServer.StartAsync(new KubeSimOptions
        {
            SeedYaml = KubeSimDemoSeed.Yaml,
            AuditWebhookUrl = auditWebhookUrl,
            AuditWebhookToken = auditWebhookToken,
            AuditBatchInterval = TimeSpan.FromMilliseconds(200),
        });
        var directory = Directory.CreateTempSubdirectory("accessbroker-cluster-").FullName;
        var kubeconfigPath = Path.Combine(directory, "admin.kubeconfig");
        await File.WriteAllTextAsync(kubeconfigPath, server.CreateKubeconfig());
        return new TestCluster(server, directory, kubeconfigPath, ClientFor(server, server.AdminToken));
    }

    /// <summary>A client that authenticates with <paramref name="token"/>, as kubectl with a grant's credential would.</summary>
    public IKubernetes ClientWithToken(string token) => ClientFor(Server, token);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private static IKubernetes ClientFor(KubeSimServer server, string token)
    {
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(server.CreateKubeconfig(token)));
        return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    }
}
