using System.Net;
using System.Security.Cryptography;
using System.Text;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Audit;
using AccessBroker.KubeSim.Auth;
using AccessBroker.KubeSim.Hosting;
using AccessBroker.KubeSim.Pods;
using AccessBroker.KubeSim.Rbac;
using AccessBroker.KubeSim.Storage;
using AccessBroker.KubeSim.Workloads;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AccessBroker.KubeSim;

/// <summary>
/// KubeSim: an in-memory simulator of the Kubernetes API server (not Kubernetes) that speaks its wire format
/// and enforces its authentication, RBAC and validation for the resources AccessBroker and kubectl use.
/// Start one per test or sandbox with <see cref="StartAsync"/>; everything else goes over HTTP(S).
/// </summary>
public sealed class KubeSimServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CertificateAuthority? _certificates;
    private readonly ServiceAccountTokens _tokens;
    private readonly AuditWebhook? _audit;
    private bool _stopped;

    private KubeSimServer(WebApplication app, Uri url, CertificateAuthority? certificates, ServiceAccountTokens tokens, AuditWebhook? audit, string adminToken)
    {
        (_app, Url, _certificates, _tokens, _audit, AdminToken) = (app, url, certificates, tokens, audit, adminToken);
    }

    /// <summary>Base URL, e.g. https://127.0.0.1:41234.</summary>
    public Uri Url { get; }

    /// <summary>PEM of the CA that signed the serving certificate; empty when serving plain HTTP.</summary>
    public string CaCertificatePem => _certificates?.CaPem ?? "";

    /// <summary>Bearer token of the admin user (member of system:masters).</summary>
    public string AdminToken { get; }

    /// <summary>Starts a server on the configured address and returns once it accepts requests.</summary>
    public static async Task<KubeSimServer> StartAsync(KubeSimOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }
        var time = options.TimeProvider;
        var certificates = options.UseHttps ? CertificateAuthority.Create(time, options.ListenAddress) : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // The host process's appsettings.json and ASPNETCORE_* variables (e.g. the broker's Kestrel endpoints) are not KubeSim's.
        builder.Configuration.Sources.Clear();
        builder.Services.AddSingleton<IHostLifetime, HostProcessLifetime>();
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        }
        var address = options.ListenAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.ListenAddress);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, options.Port, listen =>
        {
            if (certificates is null)
            {
                listen.Protocols = HttpProtocols.Http1;
                return;
            }
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificates.ServerCertificate);
        }));
        var app = builder.Build();

        var store = new ObjectStore(time);
        var tokens = new ServiceAccountTokens(store);
        var authorizer = new RbacAuthorizer(store);
        var writer = new ObjectWriter(store, new WorkloadController(store), new EscalationCheck(authorizer));
        var adminToken = Base64UrlToken();
        var admin = UserInfo.Admin(options.AdminUserName);
        var audit = options.AuditWebhookUrl is null
            ? null
            : new AuditWebhook(new Uri(options.AuditWebhookUrl), options.AuditWebhookToken, options.AuditBatchInterval, time, app.Logger);
        var dispatcher = new KubeApiDispatcher(
            tokens,
            authorizer,
            new ResourceHandler(store, writer, new TableConverter(time)),
            new ScaleSubresource(store, writer),
            new TokenRequestHandler(store, tokens, options.MaxTokenExpirationSeconds),
            new ReviewHandlers(authorizer, tokens),
            new PodLogs(store),
            new PodExec(store),
            time,
            audit,
            SHA256.HashData(Encoding.UTF8.GetBytes(adminToken)),
            options.AdminUserName,
            app.Logger);

        SeedLoader.Load(BootstrapPolicy.Yaml, writer, admin);
        foreach (var file in options.SeedYamlFiles)
        {
            SeedLoader.Load(await File.ReadAllTextAsync(file, ct), writer, admin);
        }
        if (options.SeedYaml is not null)
        {
            SeedLoader.Load(options.SeedYaml, writer, admin);
        }

        app.UseWebSockets();
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync(ct);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var url = new UriBuilder(bound) { Host = address.ToString() }.Uri;
        return new KubeSimServer(app, url, certificates, tokens, audit, adminToken);
    }

    /// <summary>
    /// A kubeconfig (YAML) for this server: cluster with certificate-authority-data, a user with the given bearer
    /// token (the admin token by default), and context "kubesim" selecting the given namespace ("default").
    /// </summary>
    public string CreateKubeconfig(string? token = null, string? @namespace = null) =>
        Kubeconfig.Write(Url, _certificates?.CaPem, token ?? AdminToken, @namespace ?? "default");

    /// <summary>Stops accepting requests, ends open streams and flushes queued audit events.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _app.StopAsync();
        if (_audit is not null)
        {
            await _audit.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _tokens.Dispose();
        _certificates?.Dispose();
    }

    private static string Base64UrlToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
