using System.CommandLine;
using System.Net.Http.Headers;
using AccessBroker.Api.Features.Requests;
using AccessBroker.Cli.Auth;
using AccessBroker.Cli.Commands;
using AccessBroker.Persistence;
using AccessBroker.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Cli.Tests;

/// <summary>
/// A real broker on a Kestrel port (fresh SQLite database, test token issuer, KubeSim cluster <c>sandbox</c>, the test
/// policies), reachable by abctl in-process and by kubectl, each user with a config directory whose token cache holds
/// a valid access token. The cluster sends its audit events to the broker's webhook with the cluster's shared token.
/// </summary>
public sealed class BrokerCli : IAsyncLifetime
{
    public const string AuditWebhookToken = "kube-audit-token-for-cli-tests";

    private readonly Dictionary<string, string> configDirectories = [];
    private TestDatabase database = null!;
    private TestTokenIssuer issuer = null!;
    private string policies = null!;
    private CountingHandler handler = null!;

    public Uri Server { get; private set; } = null!;

    internal TestCluster Cluster { get; private set; } = null!;

    internal BrokerApplicationFactory<RequestView> Factory { get; private set; } = null!;

    /// <summary>Calls to <c>POST /api/v1/grants/{id}/credential</c> that reached the broker.</summary>
    public int CredentialCalls => handler.CredentialCalls;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        issuer = await TestTokenIssuer.StartAsync();
        // KubeSim needs the webhook URL before the broker runs, so the broker's port is chosen first.
        var port = TestPorts.FreePort();
        Cluster = await TestCluster.StartAsync($"http://127.0.0.1:{port}/api/v1/clusters/sandbox/kube-audit", AuditWebhookToken);
        policies = TestPolicies.WriteToTemporaryFolder();
        Factory = new BrokerApplicationFactory<RequestView>(database, issuer, new Dictionary<string, string?>
        {
            ["Policies:Directory"] = policies,
            ["Policies:Watch"] = "false",
            ["Clusters:sandbox:Kubeconfig"] = Cluster.KubeconfigPath,
            ["Clusters:sandbox:AuditWebhookToken"] = AuditWebhookToken,
        });
        Factory.UseKestrel(port);
        Factory.StartServer();
        Server = new Uri(Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        handler = new CountingHandler(new SocketsHttpHandler());
    }

    public string ConfigDirectoryOf(string subject) => configDirectories[subject];

    /// <summary>A client of the broker's API signed in as <paramref name="subject"/>, for steps abctl has no command for.</summary>
    public HttpClient ApiClient(string subject, string[] groups)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = Server };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.IssueAccessToken(subject, groups));
        return client;
    }

    /// <summary>Runs <paramref name="work"/> with the broker's own database context, to arrange or inspect what the API cannot.</summary>
    public async Task WithDatabaseAsync(Func<AccessBrokerDbContext, Task> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>());
    }

    /// <summary>Runs abctl as <paramref name="subject"/> (member of <paramref name="groups"/>) against this broker.</summary>
    /// <summary>Creates <paramref name="subject"/>'s config directory with a signed-in session, if it has none yet.</summary>
    public string SignIn(string subject, string[] groups)
    {
        if (!configDirectories.TryGetValue(subject, out var configDirectory))
        {
            configDirectory = Directory.CreateTempSubdirectory("abctl-config-").FullName;
            new TokenCache(configDirectory).Save(new CachedSession(
                Server, "abctl", new Uri(Server, "connect/token"), null, issuer.IssueAccessToken(subject, groups), null, DateTimeOffset.UtcNow.AddHours(1)));
            configDirectories[subject] = configDirectory;
        }

        return configDirectory;
    }

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(string subject, string[] groups, params string[] args)
    {
        var environment = new CliEnvironment(SignIn(subject, groups), handler, TimeProvider.System);
        var root = new RootCommand { CredentialCommand.Create(environment), KubeconfigCommand.Create(environment), AuditCommands.Create(environment) };
        foreach (var command in RequestCommands.Create(environment).Concat(GrantCommands.Create(environment)))
        {
            root.Add(command);
        }

        foreach (var command in ActionCommands.Create(environment))
        {
            root.Add(command);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        handler.Dispose();
        await Factory.DisposeAsync();
        await Cluster.DisposeAsync();
        await issuer.DisposeAsync();
        await database.DisposeAsync();
        Directory.Delete(policies, recursive: true);
        foreach (var directory in configDirectories.Values)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int credentialCalls;

        public int CredentialCalls => Volatile.Read(ref credentialCalls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/credential", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref credentialCalls);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
