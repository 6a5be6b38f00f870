using AccessBroker.Api.Settings;
using AccessBroker.Core.Identity;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>Reports every problem in <c>Identity:*</c> at once, each naming the key and how to fix it.</summary>
internal sealed class EmbeddedProviderSettingsValidator(IOptions<AuthenticationSettings> authentication) : IValidateOptions<EmbeddedProviderSettings>
{
    private const string HashHint = "make one with 'abctl admin hash-password'";

    public ValidateOptionsResult Validate(string? name, EmbeddedProviderSettings options)
    {
        var failures = new List<string>();
        if (options.Issuer is { IsAbsoluteUri: false } issuer)
        {
            failures.Add($"Identity:Issuer: '{issuer}' must be an absolute URL such as https://broker.example.com/.");
        }

        foreach (var (userName, user) in options.Users)
        {
            if (!SecretHasher.IsWellFormed(user.PasswordHash))
            {
                failures.Add($"Identity:Users:{userName}:PasswordHash: missing or not a password hash; {HashHint}.");
            }

            if (options.Clients.ContainsKey(userName))
            {
                failures.Add($"Identity:Users:{userName}: a client has the same id; user names and client ids must differ because both become token subjects.");
            }
        }

        foreach (var (clientId, client) in options.Clients)
        {
            failures.AddRange(ValidateClient($"Identity:Clients:{clientId}", client));
        }

        var cliClientId = authentication.Value.CliClientId;
        if (!options.Clients.TryGetValue(cliClientId, out var cli) || !cli.Flows.Contains(ClientFlow.DeviceCode))
        {
            failures.Add($"Identity:Clients:{cliClientId}: the CLI's client (Authentication:CliClientId) must be configured with the DeviceCode flow.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> ValidateClient(string key, ConfiguredClient client)
    {
        if (client.Flows.Count == 0)
        {
            yield return $"{key}:Flows: list at least one of AuthorizationCode, DeviceCode, RefreshToken, ClientCredentials.";
        }

        if (client.SecretHash is { Length: > 0 } hash && !SecretHasher.IsWellFormed(hash))
        {
            yield return $"{key}:SecretHash: not a secret hash; {HashHint}.";
        }

        if (client.Flows.Contains(ClientFlow.ClientCredentials) && string.IsNullOrEmpty(client.SecretHash))
        {
            yield return $"{key}:SecretHash: required for the ClientCredentials flow; {HashHint}.";
        }

        if (client.Flows.Contains(ClientFlow.AuthorizationCode) && client.RedirectUris.Count == 0)
        {
            yield return $"{key}:RedirectUris: required for the AuthorizationCode flow, e.g. https://broker.example.com/portal/signin-oidc.";
        }

        foreach (var uri in client.RedirectUris.Concat(client.PostLogoutRedirectUris).Where(uri => !uri.IsAbsoluteUri))
        {
            yield return $"{key}: redirect URI '{uri}' must be absolute.";
        }
    }
}
