using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Persistence.Audit;

/// <summary>The last record of the chain, read inside the writing transaction.</summary>
internal static class AuditTail
{
    /// <summary>Any fixed number: every broker replica takes the same PostgreSQL advisory lock for audit writes.</summary>
    private const long AdvisoryLockKey = 0x4155_4449_5443_4841; // "AUDITCHA"

    /// <summary>
    /// On PostgreSQL the transaction first takes an advisory lock held until commit, so replicas write their
    /// batches one after another and each reads the tail the previous one committed. SQLite allows one writer
    /// per file anyway; there the sequence primary key still refuses a duplicate and the batch is retried.
    /// </summary>
    public static async Task<ChainTail> LockAndReadAsync(AccessBrokerDbContext database)
    {
        if (database.Database.IsNpgsql())
        {
            await database.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})");
        }

        return await ReadAsync(database);
    }

    /// <summary>The last stored record without the lock: a prediction, checked again under the lock before writing.</summary>
    public static async Task<ChainTail> ReadAsync(AccessBrokerDbContext database)
    {
        var last = await database.AuditRecords.AsNoTracking()
            .OrderByDescending(record => record.Sequence)
            .Select(record => new { record.Sequence, record.Hash, record.Time })
            .FirstOrDefaultAsync();
        return last is null ? ChainTail.Empty : new ChainTail(last.Sequence, last.Hash, last.Time);
    }
}

/// <summary>Where the chain ends: the next record gets <c>Sequence + 1</c>, <c>Hash</c> as its previous hash and a time not before <c>Time</c>.</summary>
internal readonly record struct ChainTail(long Sequence, string Hash, DateTimeOffset Time)
{
    public static ChainTail Empty { get; } = new(0, AuditChain.Genesis, DateTimeOffset.MinValue);
}
