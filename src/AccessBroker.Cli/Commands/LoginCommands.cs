using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl login</c>, <c>abctl logout</c> and <c>abctl whoami</c>: sign-in to a broker with the device flow.</summary>
internal static class LoginCommands
{
    public static Command CreateLoginCommand(CliEnvironment? environment = null)
    {
        var server = NewServerOption();
        var open = new Option<bool>("--open") { Description = "Also open the verification page in the default browser." };
        var command = new Command("login", "Sign in to a broker with the device flow: open the printed URL, enter the code, approve.") { server, open };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, environment, async (context, output) =>
        {
            var url = context.ResolveServer(parseResult.GetValue(server), requireKnown: false);
            var login = new DeviceFlowLogin(context.Http, context.Environment.Time, output);
            var session = await login.LoginAsync(url, parseResult.GetValue(open) ? OpenInBrowser : null, cancellationToken);
            context.Cache.Save(session);
            await output.WriteLineAsync($"Signed in to {url}.");
        }));
        return command;
    }

    public static Command CreateLogoutCommand(CliEnvironment? environment = null)
    {
        var server = NewServerOption();
        var command = new Command("logout", "Forget the tokens of a broker (and revoke its refresh token at the provider).") { server };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, environment, async (context, output) =>
        {
            var url = context.ResolveServer(parseResult.GetValue(server), requireKnown: true);
            if (context.Cache.Load(url) is { RevocationEndpoint: { } revocation, RefreshToken: { } refreshToken } session)
            {
                // RFC 7009: revoking the refresh token ends the grant at the provider; failure here must not keep the user signed in locally.
                await RevokeQuietlyAsync(context.Http, revocation, refreshToken, session.ClientId, cancellationToken);
            }

            var wasSignedIn = context.Cache.Delete(url);
            await output.WriteLineAsync(wasSignedIn ? $"Signed out of {url}." : $"Not signed in to {url}.");
        }));
        return command;
    }

    public static Command CreateWhoAmICommand(CliEnvironment? environment = null)
    {
        var server = NewServerOption();
        var format = new Option<string>("--output", "-o") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("whoami", "Show who the broker thinks you are: subject, name, email, groups and roles.") { server, format };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, environment, async (context, output) =>
        {
            var url = context.ResolveServer(parseResult.GetValue(server), requireKnown: true);
            var token = await new SignedInSession(context.Http, context.Cache, context.Environment.Time).GetAccessTokenAsync(url, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "api/v1/me"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await context.Http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw SignedInSession.NotSignedIn(url);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new CliException($"the broker answered {(int)response.StatusCode} to /api/v1/me.");
            }

            var me = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(format) == "json" ? me.GetRawText() : Describe(me, url));
        }));
        return command;
    }

    private static Option<string?> NewServerOption() => new("--server", "-s")
    {
        Description = "Broker URL, e.g. https://broker.example.com (default: $ABCTL_SERVER, else the last one signed in to).",
    };

    private static string Describe(JsonElement me, Uri server)
    {
        var roles = new[] { ("auditor", me.GetProperty("isAuditor").GetBoolean()), ("admin", me.GetProperty("isAdmin").GetBoolean()) }
            .Where(role => role.Item2).Select(role => role.Item1).ToArray();
        var groups = me.GetProperty("groups").EnumerateArray().Select(group => group.GetString()).ToArray();
        return string.Join(Environment.NewLine,
            $"Subject: {me.GetProperty("subject").GetString()}",
            $"Name:    {me.GetProperty("name").GetString()}",
            $"Email:   {(me.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String ? email.GetString() : "-")}",
            $"Groups:  {(groups.Length == 0 ? "-" : string.Join(", ", groups))}",
            $"Roles:   {(roles.Length == 0 ? "requester" : string.Join(", ", roles))}",
            $"Server:  {server}");
    }

    private static async Task RevokeQuietlyAsync(HttpClient http, Uri endpoint, string token, string clientId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token,
                ["token_type_hint"] = "refresh_token",
                ["client_id"] = clientId,
            }), cancellationToken);
        }
        catch (HttpRequestException)
        {
        }
    }

    private static void OpenInBrowser(Uri url) => Process.Start(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true })?.Dispose();

    private static async Task<int> RunAsync(ParseResult parseResult, CliEnvironment? environment, Func<CommandContext, TextWriter, Task> action)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var context = new CommandContext(environment ?? CliEnvironment.FromMachine());
        try
        {
            await action(context, output);
            return ExitCodes.Success;
        }
        catch (CliException exception)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"abctl: {exception.Message}");
            return exception.ExitCode;
        }
        finally
        {
            context.Http.Dispose();
        }
    }

    private sealed class CommandContext(CliEnvironment environment)
    {
        public CliEnvironment Environment { get; } = environment;

        public HttpClient Http { get; } = environment.CreateHttpClient();

        public TokenCache Cache { get; } = new(environment.ConfigDirectory);

        public Uri ResolveServer(string? option, bool requireKnown)
        {
            var given = option ?? System.Environment.GetEnvironmentVariable("ABCTL_SERVER");
            if (!string.IsNullOrWhiteSpace(given))
            {
                return TokenCache.NormalizeServer(given);
            }

            return Cache.CurrentServer()
                ?? throw new CliException(
                    requireKnown ? "not signed in to any broker; run 'abctl login --server URL'." : "which broker? Pass --server URL or set ABCTL_SERVER.",
                    requireKnown ? ExitCodes.NotSignedIn : ExitCodes.InvalidInput);
        }
    }
}
