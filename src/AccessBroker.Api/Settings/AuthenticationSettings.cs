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
}
