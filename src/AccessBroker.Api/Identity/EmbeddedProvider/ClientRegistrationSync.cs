using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>
/// Makes OpenIddict's application table match <c>Identity:Clients</c> at start-up (after the database migration,
/// which is registered first): configured clients are created or updated, others are removed.
/// </summary>
internal sealed class ClientRegistrationSync(IServiceScopeFactory scopes, IOptions<EmbeddedProviderSettings> settings, ILogger<ClientRegistrationSync> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var configured = settings.Value.Clients;

        await foreach (var application in applications.ListAsync(cancellationToken: cancellationToken))
        {
            if (await applications.GetClientIdAsync(application, cancellationToken) is not { } clientId || !configured.ContainsKey(clientId))
            {
                await applications.DeleteAsync(application, cancellationToken);
            }
        }

        foreach (var (clientId, client) in configured)
        {
            var descriptor = Describe(clientId, client);
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
        }

        logger.LogInformation("Embedded provider clients registered: {Clients}", string.Join(", ", configured.Keys));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static OpenIddictApplicationDescriptor Describe(string clientId, ConfiguredClient client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = client.DisplayName ?? clientId,
            ClientType = string.IsNullOrEmpty(client.SecretHash) ? ClientTypes.Public : ClientTypes.Confidential,
            ClientSecret = string.IsNullOrEmpty(client.SecretHash) ? null : client.SecretHash,
        };
        descriptor.RedirectUris.UnionWith(client.RedirectUris);
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris);
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.Scopes.Profile, Permissions.Scopes.Email]);
        foreach (var flow in client.Flows)
        {
            descriptor.Permissions.UnionWith(PermissionsFor(flow));
        }

        if (client.Flows.Contains(ClientFlow.AuthorizationCode))
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        return descriptor;
    }

    private static string[] PermissionsFor(ClientFlow flow) => flow switch
    {
        ClientFlow.AuthorizationCode =>
        [
            Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
            Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
        ],
        ClientFlow.DeviceCode => [Permissions.Endpoints.DeviceAuthorization, Permissions.GrantTypes.DeviceCode],
        ClientFlow.RefreshToken => [Permissions.GrantTypes.RefreshToken],
        ClientFlow.ClientCredentials => [Permissions.GrantTypes.ClientCredentials],
        _ => throw new ArgumentOutOfRangeException(nameof(flow), flow, "Unknown client flow."),
    };
}
