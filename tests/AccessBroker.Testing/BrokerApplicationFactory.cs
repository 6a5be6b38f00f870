using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Testing;

/// <summary>
/// The broker host on a fresh database of the given provider, trusting tokens from <see cref="TestTokenIssuer"/>
/// (without one: its embedded OpenID Connect provider, with the users and clients the settings configure).
/// Extra settings override the defaults (keys as in configuration, e.g. <c>Database:ApplyMigrationsAtStartup</c>);
/// <c>replaceServices</c> swaps services, e.g. to inject a failure.
/// </summary>
public sealed class BrokerApplicationFactory<TEntryPoint>(
    TestDatabase database, TestTokenIssuer? issuer, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:AccessBroker", database.ConnectionString);
        if (issuer is not null)
        {
            builder.UseSetting("Authentication:Authority", issuer.Issuer.ToString());
            builder.UseSetting("Authentication:RequireHttpsMetadata", "false");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (replaceServices is not null)
        {
            builder.ConfigureTestServices(replaceServices);
        }
    }
}
