using AccessBroker.Testing;

namespace AccessBroker.Packaging.Tests;

/// <summary>
/// Runs <c>deploy/publish.sh</c> once into a temporary folder. It publishes with <c>--no-build</c> from the build
/// this test project triggered (the project references the Api), so the layout is the one the Dockerfile copies
/// into the image without a second compilation.
/// </summary>
public sealed class PublishedLayout : IAsyncLifetime
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string output = Directory.CreateTempSubdirectory("accessbroker-publish-").FullName;

    public string AppDirectory => Path.Combine(output, "app");

    public async ValueTask InitializeAsync()
    {
        var result = await ProcessRunner.RunAsync(
            "bash",
            [RepositoryLayout.PathOf("deploy", "publish.sh"), output, "--no-build"],
            TimeSpan.FromMinutes(5),
            environment: new Dictionary<string, string> { ["CONFIGURATION"] = Configuration });
        result.ShouldSucceed();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var entry in new DirectoryInfo(output).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Prepend(new DirectoryInfo(output)))
        {
            entry.UnixFileMode |= UnixFileMode.UserWrite;
        }

        Directory.Delete(output, recursive: true);
        return ValueTask.CompletedTask;
    }
}
