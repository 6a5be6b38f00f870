using AccessBroker.Core.Leadership;
using Npgsql;

namespace AccessBroker.Persistence.Leadership;

/// <summary>
/// Leadership through <c>pg_try_advisory_lock</c>: the lock lives as long as the session, so a crashed leader's
/// lock is released with its connection and another replica takes over at its next try.
/// </summary>
internal sealed class PostgresLeaderLock(string connectionString) : ILeaderLock
{
    /// <summary>An arbitrary constant naming AccessBroker's background-work lock.</summary>
    private const long LockKey = 0x4163_6365_7373_4272;

    private NpgsqlConnection? connection;
    private bool held;

    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (connection is null || connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || connection.State != System.Data.ConnectionState.Open)
            {
                await ResetAsync();
                connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
            }

            if (held)
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(cancellationToken);
                return true;
            }

            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", LockKey);
            held = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            return held;
        }
        catch (NpgsqlException)
        {
            await ResetAsync();
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await ResetAsync();

    private async Task ResetAsync()
    {
        held = false;
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }
}

/// <summary>SQLite serves one broker instance, which is always the leader.</summary>
internal sealed class SingleInstanceLeaderLock : ILeaderLock
{
    public Task<bool> TryHoldAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
