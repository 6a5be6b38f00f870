using System.Diagnostics;
using System.Text.Json;

namespace AccessBroker.Cli.Tests.Broker;

/// <summary>The real kubectl uses the broker's kubeconfig, whose user runs the built abctl as exec plugin.</summary>
public sealed class KubectlEndToEndTests(BrokerCli broker) : IClassFixture<BrokerCli>
{
    private const string Kubectl = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";
    private static readonly string[] Devs = ["payments-devs"];

    [Fact]
    public async Task Kubectl_WithTheGrantsKubeconfig_ListsPodsIsForbiddenSecrets_AndFailsAfterRevoke()
    {
        Assert.SkipUnless(File.Exists(Kubectl) && !OperatingSystem.IsWindows(), $"{Kubectl} is not installed");
        var (_, created, _) = await broker.RunAsync("kim", Devs, "request", "view", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-10", "--wait", "-o", "json");
        var grantId = JsonDocument.Parse(created).RootElement.GetProperty("grant").GetProperty("id").GetString()!;
        var kubeconfig = Path.Combine(broker.ConfigDirectoryOf("kim"), "kubeconfig");
        (await broker.RunAsync("kim", Devs, "kubeconfig", grantId, "-o", kubeconfig)).ExitCode.ShouldBe(ExitCodes.Success);

        var pods = await RunKubectlAsync(kubeconfig, "get", "pods", "-n", "payments");
        var secrets = await RunKubectlAsync(kubeconfig, "get", "secrets", "-n", "payments");
        (await broker.RunAsync("kim", Devs, "revoke", grantId)).ExitCode.ShouldBe(ExitCodes.Success);
        var afterRevoke = await RunKubectlAsync(kubeconfig, "get", "pods", "-n", "payments");

        pods.ExitCode.ShouldBe(0, pods.Error);
        secrets.ExitCode.ShouldNotBe(0);
        secrets.Error.ShouldContain("Forbidden");
        afterRevoke.ExitCode.ShouldNotBe(0);
        afterRevoke.Error.ShouldContain("Unauthorized", Case.Insensitive);
    }

    private async Task<(int ExitCode, string Error)> RunKubectlAsync(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo(Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = $"{AbctlOnPath()}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["ABCTL_CONFIG_DIR"] = broker.ConfigDirectoryOf("kim");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await output;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, error);
    }

    /// <summary>A folder holding an <c>abctl</c> script that runs the built abctl.dll next to the test binaries.</summary>
    private string AbctlOnPath()
    {
        var folder = Path.Combine(broker.ConfigDirectoryOf("kim"), "bin");
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
