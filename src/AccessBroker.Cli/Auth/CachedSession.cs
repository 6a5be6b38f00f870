namespace AccessBroker.Cli.Auth;

/// <summary>The tokens of one broker, as cached on disk by <see cref="TokenCache"/>.</summary>
internal sealed record CachedSession(
    Uri Server,
    string ClientId,
    Uri TokenEndpoint,
    Uri? RevocationEndpoint,
    string AccessToken,
    string? RefreshToken,
    DateTimeOffset ExpiresAt);
