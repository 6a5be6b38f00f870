using AccessBroker.Api.Hosting;
using AccessBroker.Core.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>
/// The broker with its embedded provider on a real Kestrel port of 127.0.0.1, so redirects, cookies and forms
/// behave as in a browser and the issuer is the URL clients use. Each host has its own SQLite file and keys.
/// </summary>
public sealed class EmbeddedBrokerHost : IAsyncDisposable
{
    public const string TestClientRedirectUri = "http://localhost/callback";

    // Low iteration count: hashing speed is not under test here, and the format is the production one.
    private const int TestHashIterations = 10_000;

    private readonly WebApplication app;

    private EmbeddedBrokerHost(WebApplication app, Uri baseAddress, DirectoryInfo directory)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Directory = directory;
    }

    public Uri BaseAddress { get; }

    public DirectoryInfo Directory { get; }

    public string Issuer => BaseAddress.AbsoluteUri;

    public IServiceProvider Services => app.Services;

    public static async Task<EmbeddedBrokerHost> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("accessbroker-identity-");
        var baseAddress = new Uri($"http://127.0.0.1:{AccessBroker.Testing.TestPorts.FreePort()}/");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = directory.FullName,
        });
        builder.Configuration.AddInMemoryCollection(Settings(directory, baseAddress));
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.WebHost.UseUrls(baseAddress.AbsoluteUri);
        builder.AddAccessBroker();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var app = builder.Build();
        app.UseAccessBroker();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new EmbeddedBrokerHost(app, baseAddress, directory);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public BrowserSession CreateBrowser() => new(BaseAddress);

    /// <summary>Changes configuration while the broker runs, as an operator editing its settings would.</summary>
    public void Reconfigure(string key, string? value)
    {
        var configuration = (IConfigurationRoot)app.Configuration;
        configuration[key] = value;
        configuration.Reload();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(recursive: true);
    }

    private static Dictionary<string, string?> Settings(DirectoryInfo directory, Uri baseAddress)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:AccessBroker"] = $"Data Source={Path.Combine(directory.FullName, "broker.db")}",
            ["Identity:KeysDirectory"] = Path.Combine(directory.FullName, "keys"),
            ["Identity:RequireHttps"] = "false",
            ["Identity:Issuer"] = baseAddress.AbsoluteUri,
            ["Authorization:AuditorGroups:0"] = "security-auditors",
            ["Authorization:AdminGroups:0"] = "platform-admins",
            ["Identity:Clients:abctl:Flows:0"] = "DeviceCode",
            ["Identity:Clients:abctl:Flows:1"] = "RefreshToken",
            ["Identity:Clients:test-web:Flows:0"] = "AuthorizationCode",
            ["Identity:Clients:test-web:Flows:1"] = "RefreshToken",
            ["Identity:Clients:test-web:RedirectUris:0"] = TestClientRedirectUri,
            ["Identity:Clients:portal:Flows:0"] = "AuthorizationCode",
            ["Identity:Clients:portal:RedirectUris:0"] = new Uri(baseAddress, "portal/signin-oidc").AbsoluteUri,
            ["Identity:Clients:portal:PostLogoutRedirectUris:0"] = new Uri(baseAddress, "portal/signout-callback-oidc").AbsoluteUri,
            ["Identity:Clients:ci-bot:Flows:0"] = "ClientCredentials",
            ["Identity:Clients:ci-bot:Groups:0"] = "deployers",
            ["Identity:Clients:ci-bot:SecretHash"] = SecretHasher.Hash(TestUsers.CiBotSecret, TestHashIterations),
        };
        foreach (var user in TestUsers.All)
        {
            var key = $"Identity:Users:{user.Name}";
            settings[$"{key}:PasswordHash"] = SecretHasher.Hash(user.Password, TestHashIterations);
            settings[$"{key}:DisplayName"] = user.DisplayName;
            settings[$"{key}:Email"] = $"{user.Name}@example.com";
            settings[$"{key}:Disabled"] = user.Disabled ? "true" : "false";
            for (var index = 0; index < user.Groups.Length; index++)
            {
                settings[$"{key}:Groups:{index}"] = user.Groups[index];
            }
        }

        return settings;
    }
}

public sealed record TestUser(string Name, string Password, string DisplayName, string[] Groups, bool Disabled = false);

public static class TestUsers
{
    public const string CiBotSecret = "ci-bot-secret";

    public static readonly TestUser Dev = new("dev", "dev-password", "Dana Developer", ["payments-devs"]);
    public static readonly TestUser Auditor = new("auditor", "auditor-password", "Ada Auditor", ["security-auditors"]);
    public static readonly TestUser Admin = new("admin", "admin-password", "Alex Admin", ["platform-admins"]);
    public static readonly TestUser Leaver = new("leaver", "leaver-password", "Lou Leaver", ["payments-devs"]);
    public static readonly TestUser Disabled = new("disabled", "disabled-password", "Dee Disabled", ["payments-devs"], Disabled: true);

    public static IEnumerable<TestUser> All => [Dev, Auditor, Admin, Leaver, Disabled];
}
