using AccessBroker.Core.Audit;

namespace AccessBroker.Api.Infrastructure;

/// <summary>
/// Writes the audit records still queued when the broker stops. Hosted services stop in reverse registration
/// order after the web server has drained its requests, so registered first, this runs last.
/// </summary>
internal sealed class AuditLogShutdown(IAuditLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        log is IAsyncDisposable writer ? writer.DisposeAsync().AsTask().WaitAsync(cancellationToken) : Task.CompletedTask;
}
