namespace AccessBroker.KubeSim.Hosting;

/// <summary>
/// Leaves the process's signals (Ctrl+C, SIGTERM) to whoever hosts KubeSim: a test run or the broker must not
/// find its own shutdown taken over by an embedded server. The standalone Program handles signals itself.
/// </summary>
internal sealed class HostProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
