using System.Diagnostics;
using System.Net;
using AccessBroker.Testing;

namespace AccessBroker.Packaging.Tests;

/// <summary>The <c>deploy/publish.sh</c> layout (the image's <c>/app</c>) holds the server only and starts read-only.</summary>
public sealed class PublishedAppTests(PublishedLayout layout) : IClassFixture<PublishedLayout>
{
    private static readonly string[] MustNotShip = ["abctl.dll", "AccessBroker.Cli.dll", "AccessBroker.Testing.dll", "appsettings.Development.json"];

    [Fact]
    public void Layout_HoldsTheApiItsSettingsAndThePolicies_AndNeitherAbctlNorTestsNorDevelopmentSettings()
    {
        var files = Directory.GetFiles(layout.AppDirectory, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(layout.AppDirectory, file))
            .ToList();

        files.ShouldContain("AccessBroker.Api.dll");
        files.ShouldContain("appsettings.json");
        files.Where(file => file.StartsWith("policies/", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ShouldBe(Directory.GetFiles(RepositoryLayout.PathOf("policies"), "*.yaml").Select(Path.GetFileName), ignoreOrder: true);
        foreach (var forbidden in MustNotShip)
        {
            files.ShouldNotContain(forbidden);
        }

        files.ShouldNotContain(file => file.Contains(".Tests.", StringComparison.Ordinal) || file.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)
            || file.StartsWith("Shouldly", StringComparison.Ordinal) || file.StartsWith("Microsoft.AspNetCore.Mvc.Testing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishedApp_OnTheEmbeddedDefaults_FromAReadOnlyFolder_IsLiveAndReady_WritesOnlyWhereConfigured_AndStopsOnSigterm()
    {
        using var sandbox = new WritableDirectories();
        var before = Snapshot(layout.AppDirectory);
        MakeReadOnly(layout.AppDirectory);
        var port = RepositoryLayout.FreeLoopbackPort();
        var start = new ProcessStartInfo("dotnet", ["AccessBroker.Api.dll"])
        {
            WorkingDirectory = layout.AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["HOME"] = sandbox.Home;
        start.Environment["TMPDIR"] = sandbox.Temp;
        start.Environment["ConnectionStrings__AccessBroker"] = $"Data Source={Path.Combine(sandbox.State, "accessbroker.db")}";
        start.Environment["Identity__KeysDirectory"] = Path.Combine(sandbox.State, "keys");
        start.Environment["DataProtection__KeysDirectory"] = Path.Combine(sandbox.State, "data-protection");

        using var broker = Process.Start(start)!;
        var output = broker.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = broker.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            (await AwaitStatusAsync(http, "healthz", broker)).ShouldBe(HttpStatusCode.OK);
            (await AwaitStatusAsync(http, "readyz", broker)).ShouldBe(HttpStatusCode.OK);

            // The sign-in form carries an antiforgery token: the data-protection key ring is written where configured.
            (await http.GetAsync("account/signin", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

            await ProcessRunner.RunAsync("kill", ["-TERM", broker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            stopping.CancelAfter(TimeSpan.FromSeconds(30));
            await broker.WaitForExitAsync(stopping.Token);
            broker.ExitCode.ShouldBe(0, $"stdout:\n{await output}\nstderr:\n{await errors}");
        }
        finally
        {
            if (!broker.HasExited)
            {
                broker.Kill(entireProcessTree: true);
            }
        }

        Snapshot(layout.AppDirectory).ShouldBe(before, "the app folder must stay untouched (readOnlyRootFilesystem)");
        Directory.EnumerateFileSystemEntries(sandbox.Home).ShouldBeEmpty("nothing may be written to HOME");
        File.Exists(Path.Combine(sandbox.State, "accessbroker.db")).ShouldBeTrue();
        Directory.GetFiles(Path.Combine(sandbox.State, "keys"), "signing-*.pfx").ShouldNotBeEmpty();
        Directory.GetFiles(Path.Combine(sandbox.State, "data-protection"), "key-*.xml").ShouldNotBeEmpty();
    }

    private static async Task<HttpStatusCode> AwaitStatusAsync(HttpClient http, string path, Process broker)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        while (true)
        {
            broker.HasExited.ShouldBeFalse($"the broker exited with {(broker.HasExited ? broker.ExitCode : 0)} before /{path} answered");
            try
            {
                using var response = await http.GetAsync(path, deadline.Token);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    return response.StatusCode;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }

    private static SortedDictionary<string, long> Snapshot(string directory) =>
        new(Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(directory, file), file => new FileInfo(file).Length, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Read-only for the owner too; root ignores the mode bits, which is why the snapshot is compared as well.</summary>
    private static void MakeReadOnly(string directory)
    {
        const UnixFileMode write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Prepend(new DirectoryInfo(directory)))
        {
            entry.UnixFileMode &= ~write;
        }
    }

    /// <summary>What a pod would mount as volumes: the state directory, /tmp, and an empty HOME that must stay empty.</summary>
    private sealed class WritableDirectories : IDisposable
    {
        private readonly string root = Directory.CreateTempSubdirectory("accessbroker-volumes-").FullName;

        public WritableDirectories()
        {
            Directory.CreateDirectory(State);
            Directory.CreateDirectory(Temp);
            Directory.CreateDirectory(Home);
        }

        public string State => Path.Combine(root, "state");

        public string Temp => Path.Combine(root, "tmp");

        public string Home => Path.Combine(root, "home");

        public void Dispose() => Directory.Delete(root, recursive: true);
    }
}
