using System.Runtime.InteropServices;
using AccessBroker.KubeSim.Hosting;

namespace AccessBroker.KubeSim;

/// <summary>
/// Standalone host: <c>dotnet run --project src/AccessBroker.KubeSim -- --listen 127.0.0.1:6443
/// --kubeconfig-out admin.kubeconfig [--seed objects.yaml]... [--demo] [--audit-webhook URL] [--http]</c>.
/// A named class, not top-level statements, so no global <c>Program</c> clashes with the projects that embed KubeSim.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (!CommandLine.TryParse(args, out var command, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(CommandLine.Usage);
            return 2;
        }
        await using var server = await KubeSimServer.StartAsync(command.Options);
        if (command.KubeconfigPath is not null)
        {
            await File.WriteAllTextAsync(command.KubeconfigPath, server.CreateKubeconfig());
        }
        Console.WriteLine($"KubeSim (a Kubernetes API simulator, not Kubernetes) is listening on {server.Url}");
        if (command.KubeconfigPath is not null)
        {
            Console.WriteLine($"Admin kubeconfig written to {Path.GetFullPath(command.KubeconfigPath)}");
        }
        var stopped = new TaskCompletionSource();
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stopped.TrySetResult();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stopped.Task;
        await server.StopAsync();
        return 0;
    }
}
