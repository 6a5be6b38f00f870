using AccessBroker.Core.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>
/// Client secrets arrive from configuration already hashed (<c>abctl admin hash-password</c>), so they are stored
/// as given and checked with <see cref="SecretHasher"/>; configuration never holds a client secret in clear.
/// </summary>
internal sealed class ConfiguredSecretApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(secret);

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SecretHasher.Verify(secret, comparand));
}
