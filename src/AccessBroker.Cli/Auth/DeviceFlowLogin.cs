namespace AccessBroker.Cli.Auth;

/// <summary>
/// <c>abctl login</c>: the device authorization grant (RFC 8628). Prints where to go and the code, then polls the
/// token endpoint at the interval the provider asked for until the user approves, denies, or the code expires.
/// </summary>
internal sealed class DeviceFlowLogin(HttpClient http, TimeProvider time, TextWriter output, Func<TimeSpan, CancellationToken, Task>? wait = null)
{
    private const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    // RFC 8628 section 3.2: five seconds when the provider names no interval; section 3.5: five more on slow_down.
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    private readonly Func<TimeSpan, CancellationToken, Task> wait = wait ?? ((delay, cancellationToken) => Task.Delay(delay, time, cancellationToken));

    public async Task<CachedSession> LoginAsync(Uri server, Action<Uri>? openBrowser, CancellationToken cancellationToken)
    {
        var (broker, provider) = await ProviderEndpoints.DiscoverAsync(http, server, cancellationToken);
        if (provider.DeviceAuthorizationEndpoint is not { } deviceEndpoint)
        {
            throw new CliException($"the identity provider {broker.Authority} does not offer the device flow that abctl login needs.");
        }

        var device = await OAuthClient.StartDeviceAuthorizationAsync(http, deviceEndpoint, broker.CliClientId, broker.CliScopes, cancellationToken);
        await output.WriteLineAsync($"To sign in, open {device.VerificationUri} in a browser and enter the code {device.UserCode}");
        if (device.VerificationUriComplete is { } complete)
        {
            await output.WriteLineAsync($"(or open {complete}, which fills in the code)");
        }

        openBrowser?.Invoke(device.VerificationUriComplete ?? device.VerificationUri);
        await output.WriteLineAsync("Waiting for you to approve the sign-in...");

        var tokens = await PollAsync(provider.TokenEndpoint, broker.CliClientId, device, cancellationToken);
        return new CachedSession(
            server, broker.CliClientId, provider.TokenEndpoint, provider.RevocationEndpoint,
            tokens.AccessToken!, tokens.RefreshToken, time.GetUtcNow().AddSeconds(tokens.ExpiresIn ?? 300));
    }

    private async Task<TokenResponse> PollAsync(Uri tokenEndpoint, string clientId, DeviceAuthorization device, CancellationToken cancellationToken)
    {
        var interval = device.Interval is > 0 ? TimeSpan.FromSeconds(device.Interval.Value) : DefaultInterval;
        var deadline = time.GetUtcNow().AddSeconds(device.ExpiresIn);
        while (true)
        {
            await wait(interval, cancellationToken);
            var response = await OAuthClient.PostFormAsync(http, tokenEndpoint, new Dictionary<string, string>
            {
                ["grant_type"] = DeviceCodeGrant,
                ["device_code"] = device.DeviceCode,
                ["client_id"] = clientId,
            }, cancellationToken);

            switch (response.Error)
            {
                case null when response.AccessToken is not null:
                    return response;
                case "authorization_pending" when time.GetUtcNow() < deadline:
                    continue;
                case "slow_down":
                    interval += SlowDownStep;
                    continue;
                case "authorization_pending" or "expired_token":
                    throw new CliException("the code expired before the sign-in was approved; run 'abctl login' again.", ExitCodes.NotSignedIn);
                case "access_denied":
                    throw new CliException("the sign-in was denied in the browser.", ExitCodes.NotSignedIn);
                default:
                    throw new CliException($"sign-in failed: {response.ErrorDescription ?? response.Error ?? "no token in the answer"}.", ExitCodes.NotSignedIn);
            }
        }
    }
}
