using System.Net;
using System.Net.Sockets;

namespace AccessBroker.Testing;

/// <summary>Where the tests find the repository, and free loopback ports for servers whose URL must be known before they start.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The repository's example policies (<c>policies/</c>).</summary>
    public static string RepositoryPolicies { get; } = Path.Combine(RepositoryRoot, "policies");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AccessBroker.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AccessBroker.sln not found above the test binaries");
    }
}
