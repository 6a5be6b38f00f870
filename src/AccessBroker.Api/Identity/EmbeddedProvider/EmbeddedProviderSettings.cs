namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>
/// The embedded OpenID Connect provider (<c>Identity:*</c>), used when <c>Authentication:Authority</c> is empty:
/// its users, its client applications and where its keys live.
/// </summary>
public sealed class EmbeddedProviderSettings
{
    public const string SectionName = "Identity";

    /// <summary>Fixed issuer URL. Empty: the URL each request arrived at (behind a proxy, set this or forward headers).</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Refuses plain HTTP on the provider's endpoints; turn off only for local development and tests.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Directory of the signing and encryption certificates; share it between replicas.</summary>
    public string KeysDirectory { get; set; } = "data/keys";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public IDictionary<string, ConfiguredUser> Users { get; } = new Dictionary<string, ConfiguredUser>(StringComparer.Ordinal);

    public IDictionary<string, ConfiguredClient> Clients { get; } = new Dictionary<string, ConfiguredClient>(StringComparer.Ordinal);
}

/// <summary>A person who can sign in to the embedded provider; the configuration key is the user name and subject.</summary>
public sealed class ConfiguredUser
{
    /// <summary>Made by <c>abctl admin hash-password</c>.</summary>
    public string PasswordHash { get; set; } = string.Empty;

    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    public IList<string> Groups { get; } = [];

    public bool Disabled { get; set; }
}

/// <summary>An application allowed to get tokens from the embedded provider; the configuration key is its client id.</summary>
public sealed class ConfiguredClient
{
    public string? DisplayName { get; set; }

    /// <summary>Confidential clients authenticate with a secret, hashed by <c>abctl admin hash-password</c>. Empty: a public client.</summary>
    public string? SecretHash { get; set; }

    public IList<ClientFlow> Flows { get; } = [];

    public IList<Uri> RedirectUris { get; } = [];

    public IList<Uri> PostLogoutRedirectUris { get; } = [];

    /// <summary>Groups of the client itself, for tokens it gets with client credentials (automation).</summary>
    public IList<string> Groups { get; } = [];
}

public enum ClientFlow
{
    /// <summary>Authorization code with PKCE (RFC 7636), for the portal and other web applications.</summary>
    AuthorizationCode,

    /// <summary>Device authorization grant (RFC 8628), for the CLI.</summary>
    DeviceCode,

    RefreshToken,

    /// <summary>Client credentials (RFC 6749 section 4.4), for automation.</summary>
    ClientCredentials,
}
