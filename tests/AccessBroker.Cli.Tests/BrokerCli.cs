using System.CommandLine;
using AccessBroker.Api.Features.Requests;
using AccessBroker.Cli.Auth;
using AccessBroker.Cli.Commands;
using AccessBroker.Persistence;
using AccessBroker.Testing;

namespace AccessBroker.Cli.Tests;

/// <summary>
/// A real broker (fresh SQLite database, test token issuer, KubeSim cluster <c>sandbox</c>, the test policies) and
/// abctl commands that reach it through the test server's handler, each user with a config directory whose token
/// cache holds a valid access token.
/// </summary>
public sealed class BrokerCli : IAsyncLifetime
{
    public static readonly Uri Server = new("http://localhost/");

    private readonly Dictionary<string, string> configDirectories = [];
    private TestDatabase database = null!;
    private TestTokenIssuer issuer = null!;
    private string policies = null!;
    private CountingHandler handler = null!;

    internal TestCluster Cluster { get; private set; } = null!;

    internal BrokerApplicationFactory<RequestView> Factory { get; private set; } = null!;

    /// <summary>Calls to <c>POST /api/v1/grants/{id}/credential</c> that reached the broker.</summary>
    public int CredentialCalls => handler.CredentialCalls;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        issuer = await TestTokenIssuer.StartAsync();
        Cluster = await TestCluster.StartAsync();
        policies = TestPolicies.WriteToTemporaryFolder();
        Factory = new BrokerApplicationFactory<RequestView>(database, issuer, new Dictionary<string, string?>
        {
            ["Policies:Directory"] = policies,
            ["Policies:Watch"] = "false",
            ["Clusters:sandbox:Kubeconfig"] = Cluster.KubeconfigPath,
        });
        handler = new CountingHandler(Factory.Server.CreateHandler());
    }

    public string ConfigDirectoryOf(string subject) => configDirectories[subject];

    /// <summary>Runs abctl as <paramref name="subject"/> (member of <paramref name="groups"/>) against this broker.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(string subject, string[] groups, params string[] args)
    {
        if (!configDirectories.TryGetValue(subject, out var configDirectory))
        {
            configDirectory = Directory.CreateTempSubdirectory("abctl-config-").FullName;
            new TokenCache(configDirectory).Save(new CachedSession(
                Server, "abctl", new Uri(Server, "connect/token"), null, issuer.IssueAccessToken(subject, groups), null, DateTimeOffset.UtcNow.AddHours(1)));
            configDirectories[subject] = configDirectory;
        }

        var environment = new CliEnvironment(configDirectory, handler, TimeProvider.System);
        var root = new RootCommand { CredentialCommand.Create(environment), KubeconfigCommand.Create(environment) };
        foreach (var command in RequestCommands.Create(environment).Concat(GrantCommands.Create(environment)))
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
