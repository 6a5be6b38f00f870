using System.Net.Http.Headers;
using AccessBroker.Persistence;
using AccessBroker.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Api.Tests.Fixtures;

/// <summary>
/// The broker on a fresh database of one provider, with a token issuer it trusts, the test policy set and a
/// KubeSim cluster named <c>sandbox</c> that the test started (so it survives broker restarts).
/// </summary>
internal sealed class BrokerHost : IAsyncDisposable
{
    private readonly TestDatabase database;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string policies;

    private readonly Action<IServiceCollection>? replaceServices;

    private BrokerHost(
        TestDatabase database, TestTokenIssuer issuer, TestCluster cluster, string policies, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? replaceServices)
    {
        this.replaceServices = replaceServices;
        this.database = database;
        Issuer = issuer;
        Cluster = cluster;
        this.policies = policies;
        this.settings = settings;
        Factory = CreateFactory();
    }

    public BrokerApplicationFactory<Program> Factory { get; private set; }

    public TestTokenIssuer Issuer { get; }

    public TestCluster Cluster { get; }

    public static async Task<BrokerHost> StartAsync(
        DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var issuer = await TestTokenIssuer.StartAsync();
        var cluster = await TestCluster.StartAsync();
        return new BrokerHost(database, issuer, cluster, TestPolicies.WriteToTemporaryFolder(), settings ?? new Dictionary<string, string?>(), replaceServices);
    }

    /// <summary>Stops the broker and starts a new one on the same database and cluster.</summary>
    public async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        await Factory.DisposeAsync();
        if (whileStopped is not null)
        {
            await whileStopped();
        }

        Factory = CreateFactory();
        _ = Factory.Server;
    }

    public HttpClient AnonymousClient() => Factory.CreateClient();

    public HttpClient ClientFor(string subject, params string[] groups)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.IssueAccessToken(subject, groups));
        return client;
    }

    /// <summary>Runs <paramref name="work"/> against the broker's own database (for arranging and asserting state).</summary>
    public Task WithDatabaseAsync(Func<AccessBrokerDbContext, Task> work) =>
        WithDatabaseAsync(async database =>
        {
            await work(database);
            return true;
        });

    public async Task<T> WithDatabaseAsync<T>(Func<AccessBrokerDbContext, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Cluster.DisposeAsync();
        await Issuer.DisposeAsync();
        await database.DisposeAsync();
        Directory.Delete(policies, recursive: true);
    }

    private BrokerApplicationFactory<Program> CreateFactory()
    {
        var all = new Dictionary<string, string?>
        {
            ["Policies:Directory"] = policies,
            ["Policies:Watch"] = "false",
            ["Clusters:sandbox:Kubeconfig"] = Cluster.KubeconfigPath,
            ["Grants:ExpiryInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new BrokerApplicationFactory<Program>(database, Issuer, all, replaceServices);
    }
}
