using System.CommandLine;
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
/// a valid access token.
/// </summary>
public sealed class BrokerCli : IAsyncLifetime
{
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
        Cluster = await TestCluster.StartAsync();
        policies = TestPolicies.WriteToTemporaryFolder();
        Factory = new BrokerApplicationFactory<RequestView>(database, issuer, new Dictionary<string, string?>
        {
            ["Policies:Directory"] = policies,
            ["Policies:Watch"] = "false",
            ["Clusters:sandbox:Kubeconfig"] = Cluster.KubeconfigPath,
        });
        Factory.UseKestrel(0);
        Factory.StartServer();
        Server = new Uri(Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        handler = new CountingHandler(new SocketsHttpHandler());
    }

    public string ConfigDirectoryOf(string subject) => configDirectories[subject];

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
        var root = new RootCommand { CredentialCommand.Create(environment), KubeconfigCommand.Create(environment) };
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
