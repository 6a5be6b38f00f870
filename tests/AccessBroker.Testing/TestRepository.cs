namespace AccessBroker.Testing;

/// <summary>Files of this repository (policies, deploy manifests) as the tests find them above their binaries.</summary>
public static class TestRepository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "AccessBroker.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AccessBroker.sln not found above the test binaries");
    }
}
