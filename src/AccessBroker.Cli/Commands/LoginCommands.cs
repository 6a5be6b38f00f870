using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Commands;

/// <summary><c>abctl login</c>, <c>abctl logout</c> and <c>abctl whoami</c>: sign-in to a broker with the device flow.</summary>
internal static class LoginCommands
{
    public static Command CreateLoginCommand(CliEnvironment? environment = null)
    {
        var server = CommandRunner.NewServerOption();
        var open = new Option<bool>("--open") { Description = "Also open the verification page in the default browser." };
        var command = new Command("login", "Sign in to a broker with the device flow: open the printed URL, enter the code, approve.") { server, open };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
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
        var server = CommandRunner.NewServerOption();
        var command = new Command("logout", "Forget the tokens of a broker (and revoke its refresh token at the provider).") { server };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
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
        var server = CommandRunner.NewServerOption();
        var format = CommandRunner.NewFormatOption();
        var command = new Command("whoami", "Show who the broker thinks you are: subject, name, email, groups and roles.") { server, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var broker = context.Broker(parseResult.GetValue(server));
            var me = await broker.GetAsync("api/v1/me", cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(format) == "json" ? me.GetRawText() : Describe(me, broker.Server));
        }));
        return command;
    }

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
}
