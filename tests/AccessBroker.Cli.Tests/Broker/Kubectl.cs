using System.Diagnostics;

namespace AccessBroker.Cli.Tests.Broker;

/// <summary>Runs the real kubectl with a grant's kubeconfig, whose exec plugin is the built abctl signed in as the user.</summary>
internal static class Kubectl
{
    public const string Path133 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";

    public static bool IsInstalled => File.Exists(Path133) && !OperatingSystem.IsWindows();

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(BrokerCli broker, string subject, string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo(Path133) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = $"{AbctlOnPath(broker.ConfigDirectoryOf(subject))}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["ABCTL_CONFIG_DIR"] = broker.ConfigDirectoryOf(subject);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, error);
    }

    /// <summary>A folder holding an <c>abctl</c> script that runs the built abctl.dll next to the test binaries.</summary>
    private static string AbctlOnPath(string configDirectory)
    {
        var folder = Path.Combine(configDirectory, "bin");
        Directory.CreateDirectory(folder);
        var script = Path.Combine(folder, "abctl");
        File.WriteAllText(script, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "abctl.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return folder;
    }
}
