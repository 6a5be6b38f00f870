namespace AccessBroker.Core.Leadership;

/// <summary>
/// Decides which broker replica runs the singleton background work (expiry, orphan sweep): a PostgreSQL
/// session-level advisory lock, a Kubernetes Lease, or — on SQLite, which serves one instance — always this one.
/// </summary>
public interface ILeaderLock : IAsyncDisposable
{
    /// <summary>Whether this replica holds leadership now (acquiring it if free).</summary>
    Task<bool> TryHoldAsync(CancellationToken cancellationToken);
}
