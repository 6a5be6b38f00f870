namespace AccessBroker.Cli.Auth;

/// <summary>A valid access token for a broker from the cache, refreshed silently when it is about to expire.</summary>
internal sealed class SignedInSession(HttpClient http, TokenCache cache, TimeProvider time)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    public async Task<string> GetAccessTokenAsync(Uri server, CancellationToken cancellationToken)
    {
        var session = cache.Load(server) ?? throw NotSignedIn(server);
        if (session.ExpiresAt - RefreshMargin > time.GetUtcNow())
        {
            return session.AccessToken;
        }

        if (session.RefreshToken is null)
        {
            throw NotSignedIn(server);
        }

        var response = await OAuthClient.PostFormAsync(http, session.TokenEndpoint, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = session.RefreshToken,
            ["client_id"] = session.ClientId,
        }, cancellationToken);
        if (response.AccessToken is null)
        {
            cache.Delete(server);
            throw NotSignedIn(server);
        }

        var refreshed = session with
        {
            AccessToken = response.AccessToken,
            RefreshToken = response.RefreshToken ?? session.RefreshToken,
            ExpiresAt = time.GetUtcNow().AddSeconds(response.ExpiresIn ?? 300),
        };
        cache.Save(refreshed);
        return refreshed.AccessToken;
    }

    public static CliException NotSignedIn(Uri server) =>
        new($"not signed in to {server}; run 'abctl login --server {server.AbsoluteUri.TrimEnd('/')}'.", ExitCodes.NotSignedIn);
}
