namespace AccessBroker.Api.Settings;

/// <summary>The OpenID Connect authority whose access tokens the API accepts (<c>Authentication:*</c>).</summary>
public sealed class AuthenticationSettings
{
    public const string SectionName = "Authentication";

    /// <summary>Issuer URL of the external provider. Empty: the embedded provider is the authority.</summary>
    public Uri? Authority { get; set; }

    public string Audience { get; set; } = "accessbroker";

    /// <summary>Claim that carries the user's groups (Keycloak and Dex: <c>groups</c>; Entra ID: <c>groups</c> or <c>roles</c>).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Only for local development against a provider without TLS; refused unless explicitly set.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Public client that <c>abctl login</c> uses for the device flow; told to the CLI by <c>/.well-known/accessbroker</c>.</summary>
    public string CliClientId { get; set; } = "abctl";

    /// <summary>Scopes the CLI asks for; some providers need an API scope here to put AccessBroker into the audience.</summary>
    public string CliScopes { get; set; } = "openid profile email offline_access";

    /// <summary>Client of the portal's sign-in (authorization code + PKCE).</summary>
    public string PortalClientId { get; set; } = "portal";

    /// <summary>Secret of the portal's client at an external provider; the embedded provider's portal client is public.</summary>
    public string? PortalClientSecret { get; set; }

    public string PortalScopes { get; set; } = "openid profile email";

    public bool UsesEmbeddedProvider => Authority is null;
}
