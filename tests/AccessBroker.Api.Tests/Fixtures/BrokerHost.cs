using System.Net.Http.Headers;
using AccessBroker.Persistence;
using AccessBroker.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Api.Tests.Fixtures;

/// <summary>The broker on a fresh database of one provider, with a token issuer it trusts.</summary>
internal sealed class BrokerHost : IAsyncDisposable
{
    private readonly TestDatabase database;
    private readonly TestTokenIssuer issuer;

    private BrokerHost(TestDatabase database, TestTokenIssuer issuer, BrokerApplicationFactory<Program> factory)
    {
        this.database = database;
        this.issuer = issuer;
        Factory = factory;
    }

    public BrokerApplicationFactory<Program> Factory { get; }

    public TestTokenIssuer Issuer => issuer;

    public static async Task<BrokerHost> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var issuer = await TestTokenIssuer.StartAsync();
        var factory = new BrokerApplicationFactory<Program>(database, issuer, settings);
        return new BrokerHost(database, issuer, factory);
    }

    public HttpClient AnonymousClient() => Factory.CreateClient();

    public HttpClient ClientFor(string subject, params string[] groups)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.IssueAccessToken(subject, groups));
        return client;
    }

    /// <summary>Runs <paramref name="work"/> against the broker's own database (for arranging and asserting state).</summary>
    public async Task WithDatabaseAsync(Func<AccessBrokerDbContext, Task> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await issuer.DisposeAsync();
        await database.DisposeAsync();
    }
}
