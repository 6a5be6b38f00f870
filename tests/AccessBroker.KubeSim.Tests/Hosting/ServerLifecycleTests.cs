using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AccessBroker.KubeSim.Tests.Infrastructure;
using k8s;

namespace AccessBroker.KubeSim.Tests.Hosting;

public sealed class ServerLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_ServesHttpsOnLoopbackWithItsOwnCa()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions(), Ct);
        using var client = new ApiClient(server, server.AdminToken);

        var version = await client.GetAsync("/version");

        server.Url.Scheme.ShouldBe("https");
        server.Url.Host.ShouldBe("127.0.0.1");
        server.Url.Port.ShouldBeGreaterThan(0);
        version.Status.ShouldBe(HttpStatusCode.OK);
        using var ca = X509Certificate2.CreateFromPem(server.CaCertificatePem);
        ca.Subject.ShouldContain("kubesim-ca");
    }

    [Fact]
    public async Task StartAsync_WithoutHttps_ServesPlainHttp()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = false }, Ct);
        using var client = new ApiClient(server, server.AdminToken);

        var namespaces = await client.GetAsync("/api/v1/namespaces");

        server.Url.Scheme.ShouldBe("http");
        server.CaCertificatePem.ShouldBeEmpty();
        namespaces.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StopAsync_ClosesThePort()
    {
        var server = await KubeSimServer.StartAsync(new KubeSimOptions(), Ct);
        var port = server.Url.Port;

        await server.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Should.ThrowAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port, Ct).AsTask());
    }

    [Fact]
    public async Task CreateKubeconfig_IsReadByKubernetesClient()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions(), Ct);
        var kubeconfig = server.CreateKubeconfig(@namespace: "kube-system");

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);

        config.Host.TrimEnd('/').ShouldBe(server.Url.ToString().TrimEnd('/'));
        config.AccessToken.ShouldBe(server.AdminToken);
        config.Namespace.ShouldBe("kube-system");
        config.SslCaCerts.ShouldHaveSingleItem();
        config.CurrentContext.ShouldBe("kubesim");
    }

    [Fact]
    public async Task SeedYaml_CreatesObjects_AndDemoSeedHasRunningDeployments()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { SeedYaml = KubeSimDemoSeed.Yaml }, Ct);
        using var client = new ApiClient(server, server.AdminToken);

        var deployments = await client.GetAsync("/apis/apps/v1/namespaces/payments/deployments");
        var pods = await client.GetAsync("/api/v1/namespaces/payments/pods");

        deployments.Json["items"]!.AsArray().Count.ShouldBeGreaterThan(0);
        deployments["items.0.spec.replicas"].ShouldBe("2");
        pods.Json["items"]!.AsArray().Count.ShouldBe(2 * deployments.Json["items"]!.AsArray().Count);
        foreach (var ns in new[] { "checkout", "kube-system", "accessbroker" })
        {
            (await client.GetAsync($"/api/v1/namespaces/{ns}")).Status.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task SeedYamlFiles_AreLoaded()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: seeded\n", Ct);
        try
        {
            await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { SeedYamlFiles = [file] }, Ct);
            using var client = new ApiClient(server, server.AdminToken);

            (await client.GetAsync("/api/v1/namespaces/default/serviceaccounts/seeded")).Status.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ReportsEveryProblem()
    {
        var options = new KubeSimOptions { Port = 70000, MaxTokenExpirationSeconds = 60, AuditWebhookUrl = "not a url" };

        var error = await Should.ThrowAsync<ArgumentException>(() => KubeSimServer.StartAsync(options, Ct));

        error.Message.ShouldContain("Port 70000");
        error.Message.ShouldContain("MaxTokenExpirationSeconds 60");
        error.Message.ShouldContain("AuditWebhookUrl");
    }
}
