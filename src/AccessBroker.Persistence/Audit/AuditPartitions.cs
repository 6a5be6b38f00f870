using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AccessBroker.Persistence.Audit;

/// <summary>
/// Keeps PostgreSQL's <c>audit_records</c> partitioned ahead of the chain: every sequence a batch writes must fall into
/// an attached partition. Each partition covers the next <see cref="DatabaseSettings.AuditPartitionRecords"/>
/// sequences and is named after its first one.
/// </summary>
/// <remarks>
/// A partition is created on its own and then attached, which takes only a SHARE UPDATE EXCLUSIVE lock on the
/// partitioned table: readers and exports are not blocked (<c>CREATE TABLE … PARTITION OF</c> would need ACCESS
/// EXCLUSIVE and wait behind a running export). It happens inside the writer's transaction, under the audit advisory
/// lock, so replicas never race to attach the same range, and a failed batch takes its new partition with it.
/// The next partition is attached once the chain is half-way through the last one: if that fails (say the broker's
/// database user may not alter the table), a warning is logged at most once a minute while half a partition of
/// records can still be written.
/// </remarks>
internal sealed partial class AuditPartitions(long recordsPerPartition, TimeProvider time, ILogger logger)
{
    private const string UpperBoundQuery = """
        SELECT max((regexp_match(pg_get_expr(partition.relpartbound, partition.oid), 'TO \(''?(-?\d+)''?\)'))[1]::bigint)
        FROM pg_inherits JOIN pg_class partition ON partition.oid = pg_inherits.inhrelid
        WHERE pg_inherits.inhparent = 'audit_records'::regclass
        """;

    private static readonly TimeSpan EarlyAttachRetryInterval = TimeSpan.FromMinutes(1);

    /// <summary>Sequences below this are known to have a partition; only ever read from committed state.</summary>
    private long coveredBelow;

    private DateTimeOffset nextEarlyAttach = DateTimeOffset.MinValue;

    /// <summary>
    /// Attaches partitions, in the caller's transaction, until <paramref name="lastSequence"/> is covered (a failure
    /// fails the batch) and, best effort, the half partition after it. Returns the exclusive upper bound now covered,
    /// to <see cref="Remember"/> once that transaction committed. SQLite keeps one table.
    /// </summary>
    public async Task<long> EnsureCoveredAsync(AccessBrokerDbContext database, long lastSequence)
    {
        var wanted = lastSequence + (recordsPerPartition / 2);
        if (wanted < coveredBelow || database.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            return coveredBelow;
        }

        var upperBound = await ReadUpperBoundAsync(connection);
        while (lastSequence >= upperBound)
        {
            await AttachAsync(connection, upperBound);
            upperBound += recordsPerPartition;
        }

        if (wanted >= upperBound && time.GetUtcNow() >= nextEarlyAttach && database.Database.CurrentTransaction is { } transaction)
        {
            upperBound = await TryAttachEarlyAsync(connection, transaction, upperBound);
        }

        return upperBound;
    }

    public void Remember(long upperBound) => coveredBelow = Math.Max(coveredBelow, upperBound);

    private async Task<long> TryAttachEarlyAsync(NpgsqlConnection connection, IDbContextTransaction transaction, long upperBound)
    {
        const string savepoint = "attach_next_audit_partition";
        await transaction.CreateSavepointAsync(savepoint);
        try
        {
            await AttachAsync(connection, upperBound);
            await transaction.ReleaseSavepointAsync(savepoint);
            return upperBound + recordsPerPartition;
        }
        catch (PostgresException exception)
        {
            await transaction.RollbackToSavepointAsync(savepoint);
            nextEarlyAttach = time.GetUtcNow() + EarlyAttachRetryInterval;
            LogEarlyAttachFailed(logger, upperBound, exception.MessageText);
            return upperBound;
        }
    }

    private static async Task<long> ReadUpperBoundAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(UpperBoundQuery, connection);
        return await command.ExecuteScalarAsync() is long upperBound
            ? upperBound
            : throw new InvalidOperationException("audit_records has no partition; the PartitionAuditRecords migration creates the first.");
    }

    private async Task AttachAsync(NpgsqlConnection connection, long from)
    {
        var first = from.ToString(CultureInfo.InvariantCulture);
        var end = (from + recordsPerPartition).ToString(CultureInfo.InvariantCulture);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"CREATE TABLE \"audit_records_from_{first}\" (LIKE audit_records INCLUDING DEFAULTS INCLUDING STORAGE)"),
                new NpgsqlBatchCommand($"ALTER TABLE audit_records ATTACH PARTITION \"audit_records_from_{first}\" FOR VALUES FROM ({first}) TO ({end})"),
            },
        };
        await batch.ExecuteNonQueryAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not attach the audit partition starting at sequence {FirstSequence} ahead of time: {Error}. Appends fail once the chain reaches it; the broker's database user must own audit_records (docs/operations.md).")]
    private static partial void LogEarlyAttachFailed(ILogger logger, long firstSequence, string error);
}
