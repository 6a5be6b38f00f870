using System.Threading.Channels;
using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Persistence.Audit;

/// <summary>
/// The one ordered writer of the audit log. Appends from any number of callers queue in a channel; a single
/// loop takes whatever has queued (up to <see cref="MaxBatchRecords"/>), continues the hash chain from the
/// stored tail and writes the batch in one transaction. Each caller's task completes only after the batch
/// holding its records has committed, so batching never weakens the per-record guarantee.
/// </summary>
internal sealed class DatabaseAuditLog(IServiceScopeFactory scopes, TimeProvider time) : IAuditLog, IAsyncDisposable
{
    public const int MaxBatchRecords = 4096;
    private const int MaxAttempts = 3;

    private readonly Channel<PendingAppend> queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AuditRecordBuilder builder = new(time);
    private Task? writer;

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        (await AppendManyAsync([entry], cancellationToken))[0];

    public Task<IReadOnlyList<AuditRecord>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AuditRecord>>([]);
        }

        var pending = new PendingAppend(entries);
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

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>();
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var records = 0;
            while (records < MaxBatchRecords && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                records += pending.Entries.Count;
            }

            await WriteAsync(batch);
        }
    }

    /// <summary>
    /// Writes a batch, retrying from a freshly read tail; if it still fails, each append is tried on its own so
    /// that one unstorable entry fails only its own caller.
    /// </summary>
    private async Task WriteAsync(IReadOnlyList<PendingAppend> batch)
    {
        try
        {
            var written = await WriteWithRetriesAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(written[i]);
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }
        }
        catch (Exception exception)
        {
            batch[0].Completion.TrySetException(exception);
        }
    }

    private async Task<IReadOnlyList<AuditRecord>[]> WriteWithRetriesAsync(IReadOnlyList<PendingAppend> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(batch);
            }
            catch (Exception exception) when (attempt < MaxAttempts && exception is DbUpdateException or System.Data.Common.DbException)
            {
            }
        }
    }

    private async Task<IReadOnlyList<AuditRecord>[]> WriteOnceAsync(IReadOnlyList<PendingAppend> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>();
        await using var transaction = await database.Database.BeginTransactionAsync();
        var tail = await AuditTail.LockAndReadAsync(database);

        var written = new IReadOnlyList<AuditRecord>[batch.Count];
        var all = new List<AuditRecord>();
        for (var i = 0; i < batch.Count; i++)
        {
            var records = new AuditRecord[batch[i].Entries.Count];
            for (var j = 0; j < records.Length; j++)
            {
                records[j] = builder.Build(batch[i].Entries[j], tail.Sequence + 1, tail.Hash, tail.Time);
                tail = (records[j].Sequence, records[j].Hash, records[j].Time);
            }

            written[i] = records;
            all.AddRange(records);
        }

        await AuditRecordInsert.InsertAsync(database, all);
        await transaction.CommitAsync();
        return written;
    }

    private sealed record PendingAppend(IReadOnlyList<AuditEntry> Entries)
    {
        public TaskCompletionSource<IReadOnlyList<AuditRecord>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
