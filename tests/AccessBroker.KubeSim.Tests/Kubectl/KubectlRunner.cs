using System.Diagnostics;

namespace AccessBroker.KubeSim.Tests.Kubectl;

/// <summary>
/// Runs a real kubectl binary of the Google Cloud SDK against KubeSim, with its own kubeconfig, HOME and
/// cache directory in a temporary folder. Without the binary the test is skipped locally but fails under CI=true.
/// </summary>
internal sealed class KubectlRunner : IDisposable
{
    private const string BinaryDirectory = "/usr/lib/google-cloud-sdk/bin";

    private readonly string _binary;
    private readonly string _home = Directory.CreateTempSubdirectory("kubesim-kubectl-").FullName;

    public KubectlRunner(string version)
    {
        _binary = Path.Combine(BinaryDirectory, $"kubectl.{version}");
        if (!File.Exists(_binary))
        {
            var message = $"{_binary} is missing: the machine image's google-cloud-sdk kubectl package provides it (do not install Debian's kubernetes-client).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }
            Assert.Skip(message);
        }
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_home, name);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<KubectlResult> RunAsync(string kubeconfig, params string[] args) => RunWithInputAsync(kubeconfig, "", args);

    public async Task<KubectlResult> RunWithInputAsync(string kubeconfig, string stdin, params string[] args)
    {
        var kubeconfigPath = WriteFile($"kubeconfig-{Guid.NewGuid():N}", kubeconfig);
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--cache-dir={Path.Combine(_home, "cache")}");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["KUBECONFIG"] = kubeconfigPath;
        start.Environment["HOME"] = _home;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_binary}");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}

/// <summary>What a kubectl run printed and how it exited.</summary>
internal sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

    public KubectlResult ShouldSucceed()
    {
        ExitCode.ShouldBe(0, ToString());
        return this;
    }
}
