namespace AccessBroker.Persistence.Leadership;

/// <summary>
/// Decides which broker replica runs the singleton background work (expiry, orphan sweep). On PostgreSQL it is
/// a session-level advisory lock held on a dedicated connection; SQLite supports one instance only, which is
/// always the leader.
/// </summary>
public interface ILeaderLock : IAsyncDisposable
{
    /// <summary>Whether this replica holds leadership now (acquiring it if free).</summary>
    Task<bool> TryHoldAsync(CancellationToken cancellationToken);
}
