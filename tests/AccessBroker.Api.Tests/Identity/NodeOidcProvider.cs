using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>
/// panva/node-oidc-provider, a certified OpenID Provider not written here, run from <c>tests/interop/oidc-provider</c>
/// (installed with <c>npm ci --prefix tests/interop/oidc-provider</c>) on a free port of 127.0.0.1.
/// </summary>
public sealed class NodeOidcProvider : IAsyncDisposable
{
    public const string Audience = "urn:accessbroker";

    private readonly Process process;

    private NodeOidcProvider(Process process, Uri issuer)
    {
        this.process = process;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    /// <summary>Whether the npm packages are installed; when they are not, CI must fail rather than skip.</summary>
    public static bool IsInstalled => Directory.Exists(Path.Combine(ScriptDirectory, "node_modules", "oidc-provider"));

    public static string MissingMessage =>
        $"node-oidc-provider is not installed in {ScriptDirectory}; run 'npm ci --prefix tests/interop/oidc-provider'.";

    private static string ScriptDirectory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "tests", "interop", "oidc-provider");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("tests/interop/oidc-provider not found above the test binaries.");
        }
    }

    public static async Task<NodeOidcProvider> StartAsync()
    {
        var port = AccessBroker.Testing.TestPorts.FreePort();
        var start = new ProcessStartInfo("node", ["provider.mjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture), Audience])
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var errors = new StringBuilder();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("ready ", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(new Uri(line.Data["ready ".Length..]));
            }
        };
        process.ErrorDataReceived += (_, line) => errors.AppendLine(line.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"node-oidc-provider exited: {errors}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeOidcProvider(process, await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    /// <summary>A JWT access token for the client "automation" through client credentials, for the resource <see cref="Audience"/> (RFC 8707).</summary>
    public async Task<string> GetAccessTokenAsync()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Issuer, "/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "api",
                ["resource"] = Audience,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("automation:automation-secret")));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body.String("access_token");
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
