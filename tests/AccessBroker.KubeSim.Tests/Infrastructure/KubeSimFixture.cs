using System.Text.Json.Nodes;

namespace AccessBroker.KubeSim.Tests.Infrastructure;

/// <summary>One KubeSim over HTTPS per test class, with an admin client; tests use their own namespaces.</summary>
public sealed class KubeSimFixture : IAsyncLifetime
{
    private KubeSimServer? _server;
    private ApiClient? _admin;

    public ShiftableTimeProvider Time { get; } = new();

    public KubeSimServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    internal ApiClient Admin => _admin ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync()
    {
        _server = await KubeSimServer.StartAsync(new KubeSimOptions { TimeProvider = Time, MaxTokenExpirationSeconds = 7200 });
        _admin = new ApiClient(_server, _server.AdminToken);
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Creates a namespace with a unique name and returns it.</summary>
    internal async Task<string> NewNamespaceAsync()
    {
        var name = $"t-{Guid.NewGuid():N}"[..14];
        var response = await Admin.PostAsync("/api/v1/namespaces", Objects.Namespace(name));
        response.Status.ShouldBe(System.Net.HttpStatusCode.Created, response.Text);
        return name;
    }

    /// <summary>Creates a ServiceAccount and returns a client authenticated with a fresh TokenRequest token for it.</summary>
    internal async Task<ApiClient> ServiceAccountClientAsync(string @namespace, string name)
    {
        await CreateAsync($"/api/v1/namespaces/{@namespace}/serviceaccounts", Objects.ServiceAccount(name));
        return new ApiClient(Server, await TokenAsync(@namespace, name));
    }

    internal async Task<string> TokenAsync(string @namespace, string name, long expirationSeconds = 3600)
    {
        var response = await Admin.PostAsync($"/api/v1/namespaces/{@namespace}/serviceaccounts/{name}/token",
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = new JsonObject { ["expirationSeconds"] = expirationSeconds } });
        response.Status.ShouldBe(System.Net.HttpStatusCode.Created, response.Text);
        return response["status.token"]!;
    }

    internal async Task<ApiResponse> CreateAsync(string collectionPath, JsonObject obj)
    {
        var response = await Admin.PostAsync(collectionPath, obj);
        response.Status.ShouldBe(System.Net.HttpStatusCode.Created, response.Text);
        return response;
    }
}
