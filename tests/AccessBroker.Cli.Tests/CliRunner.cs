using System.CommandLine;
using AccessBroker.Testing;

namespace AccessBroker.Cli.Tests;

/// <summary>Runs abctl in-process with captured output and a fixed clock.</summary>
internal static class CliRunner
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static string RepositoryRoot => TestRepository.Root;

    public static string RepositoryPolicies { get; } = Path.Combine(RepositoryRoot, "policies");

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = AbctlCommandLine.Run(args, new FixedTime(Now), new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>Policy files for CLI tests.</summary>
internal static class PolicyFiles
{
    /// <summary>A <c>view</c> role and a policy <c>devs-view</c> granting it to group devs for 1h at once.</summary>
    public static string DevsView(string conditions = "[]") => $$"""
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata: { name: view }
        spec:
          rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
        ---
        apiVersion: accessbroker.io/v1
        kind: AccessPolicy
        metadata: { name: devs-view }
        spec:
          subjects: { groups: [devs] }
          clusters: ["*"]
          namespaces: ["*"]
          roles: [view]
          maxDuration: 1h
          approval: { mode: auto }
          conditions: {{conditions}}
        """;
}

/// <summary>A temporary policy folder with the given files, deleted on dispose.</summary>
internal sealed class TempPolicyFolder : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("abctl-policies-");

    public TempPolicyFolder(params (string Name, string Content)[] files)
    {
        foreach (var (name, content) in files)
        {
            File.WriteAllText(System.IO.Path.Combine(_directory.FullName, name), content);
        }
    }

    public string Path => _directory.FullName;

    public void Dispose() => _directory.Delete(recursive: true);
}
