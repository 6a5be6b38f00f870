using System.Runtime.InteropServices;
using AccessBroker.KubeSim;
using AccessBroker.KubeSim.Hosting;

// Standalone host: dotnet run --project src/AccessBroker.KubeSim -- --listen 127.0.0.1:6443
//   --kubeconfig-out admin.kubeconfig [--seed objects.yaml]... [--demo] [--audit-webhook URL] [--http]
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

// Internal, so hosts that reference KubeSim as a library (the broker's sandbox) keep their own Program.
internal sealed partial class Program;
