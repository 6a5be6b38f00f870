using System.Security.Claims;
using System.Text.Json;
using AccessBroker.Core.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>The users and clients of <c>Identity:*</c>, and the claims the embedded provider issues for them.</summary>
internal sealed class ConfiguredUsers(IOptionsMonitor<EmbeddedProviderSettings> settings, IOptions<Settings.AuthenticationSettings> authentication)
{
    // Password checks of unknown users still run a PBKDF2 round so that timing does not reveal which names exist.
    private static readonly string UnknownUserHash = SecretHasher.Hash(Guid.NewGuid().ToString("N"));

    public bool IsActiveUser(string? name) =>
        name is not null && settings.CurrentValue.Users.TryGetValue(name, out var user) && !user.Disabled;

    public bool IsConfiguredClient(string? clientId) =>
        clientId is not null && settings.CurrentValue.Clients.ContainsKey(clientId);

    public bool CheckPassword(string name, string password)
    {
        var found = settings.CurrentValue.Users.TryGetValue(name, out var user);
        var matches = SecretHasher.Verify(password, found ? user!.PasswordHash : UnknownUserHash);
        return found && matches && !user!.Disabled;
    }

    /// <summary>Claims of a signed-in user, read afresh from configuration so group changes apply at the next refresh.</summary>
    public ClaimsIdentity? CreateUserIdentity(string name, string authenticationType)
    {
        if (!settings.CurrentValue.Users.TryGetValue(name, out var user) || user.Disabled)
        {
            return null;
        }

        var identity = NewIdentity(authenticationType, name, user.DisplayName ?? name, user.Groups);
        identity.SetClaim(Claims.PreferredUsername, name);
        if (user.Email is { Length: > 0 } email)
        {
            identity.SetClaim(Claims.Email, email);
        }

        return identity;
    }

    /// <summary>
    /// The identity stored in a code, device code or refresh token, with the user's claims replaced by the current
    /// configuration; null when the user has since been removed or disabled.
    /// </summary>
    public ClaimsIdentity? RefreshUserIdentity(ClaimsPrincipal stored)
    {
        if (stored.GetClaim(Claims.Subject) is not { } subject
            || CreateUserIdentity(subject, OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme) is not { } current)
        {
            return null;
        }

        string[] userClaimTypes = [Claims.Name, Claims.Email, Claims.PreferredUsername, authentication.Value.GroupsClaim];
        var identity = new ClaimsIdentity(
            stored.Claims.Where(claim => !userClaimTypes.Contains(claim.Type)), current.AuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaims(current.Claims.Where(claim => userClaimTypes.Contains(claim.Type)));
        return identity;
    }

    /// <summary>Claims of an automation client using client credentials: RFC 9068 makes the client its own subject.</summary>
    public ClaimsIdentity? CreateClientIdentity(string clientId, string authenticationType) =>
        settings.CurrentValue.Clients.TryGetValue(clientId, out var client)
            ? NewIdentity(authenticationType, clientId, client.DisplayName ?? clientId, client.Groups)
            : null;

    private ClaimsIdentity NewIdentity(string authenticationType, string subject, string name, IEnumerable<string> groups)
    {
        var identity = new ClaimsIdentity(authenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetClaim(Claims.Name, name);
        // Always a JSON array, even with one group, so consumers never see a string in its place.
        identity.AddClaim(new Claim(authentication.Value.GroupsClaim, JsonSerializer.Serialize(groups), JsonClaimValueTypes.JsonArray));
        identity.SetResources(authentication.Value.Audience);
        return identity;
    }
}
