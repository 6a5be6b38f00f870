namespace AccessBroker.Cli.Auth;

/// <summary>What the sign-in commands depend on from the machine, replaceable in tests.</summary>
internal sealed record CliEnvironment(string ConfigDirectory, HttpMessageHandler? HttpHandler, TimeProvider Time)
{
    public static CliEnvironment FromMachine() => new(DefaultConfigDirectory(), HttpHandler: null, TimeProvider.System);

    public HttpClient CreateHttpClient()
    {
        var client = HttpHandler is null ? new HttpClient() : new HttpClient(HttpHandler, disposeHandler: false);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("abctl");
        return client;
    }

    /// <summary><c>ABCTL_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/abctl</c>, else <c>~/.config/abctl</c> (the XDG base directory default).</summary>
    private static string DefaultConfigDirectory()
    {
        if (Environment.GetEnvironmentVariable("ABCTL_CONFIG_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config")
            : xdg;
        return Path.Combine(root, "abctl");
    }
}
