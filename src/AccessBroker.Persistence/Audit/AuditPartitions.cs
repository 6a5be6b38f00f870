using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AccessBroker.Persistence.Audit;

/// <summary>
/// Keeps PostgreSQL's <c>audit_records</c> partitioned ahead of the chain: before a batch is copied, every sequence it
/// will write must fall into an attached partition. Each new partition covers the next
/// <see cref="DatabaseSettings.AuditPartitionRecords"/> sequences and is named after its first one.
/// </summary>
/// <remarks>
/// A partition is created on its own and then attached, which takes only a SHARE UPDATE EXCLUSIVE lock on the
/// partitioned table: readers and exports are not blocked (<c>CREATE TABLE … PARTITION OF</c> would need ACCESS
/// EXCLUSIVE and wait behind a running export). It happens inside the writer's transaction, under the audit advisory
/// lock, so replicas never race to attach the same range, and a failed batch takes its new partition with it.
/// </remarks>
internal sealed class AuditPartitions(long recordsPerPartition)
{
    private const string UpperBoundQuery = """
        SELECT max((regexp_match(pg_get_expr(partition.relpartbound, partition.oid), 'TO \(''?(-?\d+)''?\)'))[1]::bigint)
        FROM pg_inherits JOIN pg_class partition ON partition.oid = pg_inherits.inhrelid
        WHERE pg_inherits.inhparent = 'audit_records'::regclass
        """;

    /// <summary>Sequences below this are known to have a partition; only ever read from committed state.</summary>
    private long coveredBelow;

    /// <summary>
    /// Attaches partitions until <paramref name="lastSequence"/> is covered, in the caller's transaction. Returns the
    /// exclusive upper bound now covered, to <see cref="Remember"/> once that transaction committed. SQLite keeps
    /// one table.
    /// </summary>
    public async Task<long> EnsureCoveredAsync(AccessBrokerDbContext database, long lastSequence)
    {
        if (lastSequence < coveredBelow || database.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            return coveredBelow;
        }

        var upperBound = await ReadUpperBoundAsync(connection);
        while (lastSequence >= upperBound)
        {
            await AttachAsync(connection, upperBound, upperBound + recordsPerPartition);
            upperBound += recordsPerPartition;
        }

        return upperBound;
    }

    public void Remember(long upperBound) => coveredBelow = Math.Max(coveredBelow, upperBound);

    private static async Task<long> ReadUpperBoundAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(UpperBoundQuery, connection);
        return await command.ExecuteScalarAsync() is long upperBound
            ? upperBound
            : throw new InvalidOperationException("audit_records has no partition; the PartitionAuditRecords migration creates the first.");
    }

    private static async Task AttachAsync(NpgsqlConnection connection, long from, long to)
    {
        var partition = $"audit_records_from_{from.ToString(CultureInfo.InvariantCulture)}";
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"CREATE TABLE \"{partition}\" (LIKE audit_records INCLUDING DEFAULTS INCLUDING STORAGE)"),
                new NpgsqlBatchCommand(
                    $"ALTER TABLE audit_records ATTACH PARTITION \"{partition}\" FOR VALUES FROM ({from.ToString(CultureInfo.InvariantCulture)}) TO ({to.ToString(CultureInfo.InvariantCulture)})"),
            },
        };
        await batch.ExecuteNonQueryAsync();
    }
}
