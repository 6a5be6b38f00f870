using System.Threading.Channels;
using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccessBroker.Persistence.Audit;

/// <summary>
/// The one ordered writer of the audit log. Appends from any number of callers queue in a channel; a single
/// loop takes whatever has queued (up to <see cref="MaxBatchRecords"/>), continues the hash chain from the
/// stored tail and writes the batch in one transaction, preparing the next batch while one is written. Each caller's task completes only after the batch
/// holding its records has committed, so batching never weakens the per-record guarantee.
/// </summary>
internal sealed class DatabaseAuditLog(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<DatabaseSettings> settings, AuditMetrics metrics, ILogger<DatabaseAuditLog> logger)
    : IAuditLog, IAsyncDisposable
{
    public const int MaxBatchRecords = 4096;
    private const int MaxAttempts = 3;

    private readonly Channel<PendingAppend> queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AuditRecordBuilder builder = new(time);
    private readonly AuditPartitions partitions = new(settings.Value.AuditPartitionRecords, time, logger);
    private Task? writer;

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        (await AppendManyAsync([entry], cancellationToken))[0];

    public Task<IReadOnlyList<AuditRecord>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AuditRecord>>([]);
        }

        var pending = new PendingAppend(entries, entries.Select(AuditRecordBuilder.SerializeDetails).ToArray());
        EnsureWriterStarted();
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(DatabaseAuditLog), "The audit log is shutting down and takes no more records.");
        }

        // Cancelling stops the caller's wait, not the write: a queued record is still appended in order.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Takes no more appends and waits until everything queued is written.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writer is not null)
        {
            await writer;
        }
    }

    private void EnsureWriterStarted()
    {
        if (writer is null)
        {
            var loop = new Task<Task>(WriteLoopAsync);
            if (Interlocked.CompareExchange(ref writer, loop.Unwrap(), null) is null)
            {
                loop.Start(TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// One batch is written while the next is prepared: the next batch's records are built and hashed from the tail
    /// the batch in flight will leave, so hashing overlaps the database's work. Writes stay one at a time and in order,
    /// and each write checks the prepared start against the tail it reads under the lock, rebuilding when another
    /// replica (or a failed batch) moved it.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        ChainTail? predicted = null;
        try
        {
            predicted = await ReadTailAsync();
        }
        catch (Exception)
        {
            // Only a prediction: when the database is not reachable yet, the first batch reads the tail under the lock.
        }

        Task<ChainTail?> writing = Task.FromResult(predicted);
        while (await queue.Reader.WaitToReadAsync())
        {
            var batch = new List<PendingAppend>();
            var count = 0;
            while (count < MaxBatchRecords && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                count += pending.Entries.Count;
            }

            var prepared = predicted is { } start ? Prepare(batch, start) : null;
            var written = await writing;
            if (prepared?.Start != written)
            {
                prepared = written is { } actual ? Prepare(batch, actual) : null;
            }

            writing = WriteAsync(batch, prepared);
            predicted = prepared?.End;
        }

        await writing;
    }

    private Task<ChainTail> ReadTailAsync()
    {
        var scope = scopes.CreateAsyncScope();
        return ReadAsync();

        async Task<ChainTail> ReadAsync()
        {
            await using (scope)
            {
                return await AuditTail.ReadAsync(scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>());
            }
        }
    }

    /// <summary>
    /// Writes a batch, retrying from a freshly read tail; if it still fails, each append is tried on its own so
    /// that one unstorable entry fails only its own caller. Returns where the chain ends afterwards, null if unknown.
    /// </summary>
    private async Task<ChainTail?> WriteAsync(IReadOnlyList<PendingAppend> batch, PreparedBatch? prepared)
    {
        try
        {
            var started = time.GetTimestamp();
            var written = await WriteWithRetriesAsync(batch, prepared);
            metrics.BatchWritten(written.Records, time.GetElapsedTime(started));
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(written.Records[i]);
            }

            return written.End;
        }
        catch (Exception) when (batch.Count > 1)
        {
            ChainTail? end = null;
            foreach (var pending in batch)
            {
                end = await WriteAsync([pending], null) ?? end;
            }

            return end;
        }
        catch (Exception exception)
        {
            batch[0].Completion.TrySetException(exception);
            return null;
        }
    }

    private async Task<PreparedBatch> WriteWithRetriesAsync(IReadOnlyList<PendingAppend> batch, PreparedBatch? prepared)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(batch, prepared);
            }
            catch (Exception exception) when (attempt < MaxAttempts && exception is DbUpdateException or System.Data.Common.DbException)
            {
            }
        }
    }

    private async Task<PreparedBatch> WriteOnceAsync(IReadOnlyList<PendingAppend> batch, PreparedBatch? prepared)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>();
        await using var transaction = await database.Database.BeginTransactionAsync();
        var tail = await AuditTail.LockAndReadAsync(database);
        if (prepared is null || prepared.Start != tail)
        {
            prepared = Prepare(batch, tail);
        }

        var covered = await partitions.EnsureCoveredAsync(database, prepared.End.Sequence);
        await AuditRecordInsert.InsertAsync(database, prepared.Records.SelectMany(records => records).ToList());
        await transaction.CommitAsync();
        partitions.Remember(covered);
        return prepared;
    }

    /// <summary>Builds and hashes the batch's records as the continuation of <paramref name="start"/>.</summary>
    private PreparedBatch Prepare(IReadOnlyList<PendingAppend> batch, ChainTail start)
    {
        var tail = start;
        var written = new IReadOnlyList<AuditRecord>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var records = new AuditRecord[batch[i].Entries.Count];
            for (var j = 0; j < records.Length; j++)
            {
                records[j] = builder.Build(batch[i].Entries[j], batch[i].DetailsJson[j], tail.Sequence + 1, tail.Hash, tail.Time);
                tail = new ChainTail(records[j].Sequence, records[j].Hash, records[j].Time);
            }

            written[i] = records;
        }

        return new PreparedBatch(start, written, tail);
    }

    private sealed record PreparedBatch(ChainTail Start, IReadOnlyList<AuditRecord>[] Records, ChainTail End);

    private sealed record PendingAppend(IReadOnlyList<AuditEntry> Entries, string?[] DetailsJson)
    {
        public TaskCompletionSource<IReadOnlyList<AuditRecord>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
