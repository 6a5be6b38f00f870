using System.Text.Json;
using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Persistence.Audit;

/// <summary>
/// Appends audit records one after another through a single in-process gate, continuing the hash chain from
/// the last stored record. The sequence is the primary key, so a second broker replica appending the same
/// sequence fails on the database and this writer re-reads the tail and tries again: the chain stays linear.
/// </summary>
internal sealed class DatabaseAuditLog(IServiceScopeFactory scopes, TimeProvider time) : IAuditLog, IDisposable
{
    private const int MaxAttempts = 5;
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim gate = new(1, 1);
    private (long Sequence, string Hash)? tail;

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var scope = scopes.CreateAsyncScope();
                var database = scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>();
                tail ??= await ReadTailAsync(database, cancellationToken);
                var record = Build(entry, tail.Value.Sequence + 1, tail.Value.Hash);
                database.AuditRecords.Add(record);
                try
                {
                    await database.SaveChangesAsync(cancellationToken);
                    tail = (record.Sequence, record.Hash);
                    return record;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts)
                {
                    tail = null;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private static async Task<(long, string)> ReadTailAsync(AccessBrokerDbContext database, CancellationToken cancellationToken)
    {
        var last = await database.AuditRecords.AsNoTracking()
            .OrderByDescending(record => record.Sequence)
            .Select(record => new { record.Sequence, record.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? (0, AuditChain.Genesis) : (last.Sequence, last.Hash);
    }

    private AuditRecord Build(AuditEntry entry, long sequence, string previousHash)
    {
        // PostgreSQL keeps microseconds: truncating first makes the hashed time the stored time on every provider.
        var now = time.GetUtcNow();
        var record = new AuditRecord
        {
            Sequence = sequence,
            Id = Guid.CreateVersion7(now),
            Time = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero),
            Action = entry.Action,
            ActorSubject = entry.Actor.Subject,
            ActorName = entry.Actor.Name,
            ActorGroups = entry.Actor.Groups,
            ActorIp = entry.Actor.Ip,
            ActorUserAgent = entry.Actor.UserAgent,
            TargetCluster = entry.Target.Cluster,
            TargetNamespace = entry.Target.Namespace,
            TargetKind = entry.Target.Kind,
            TargetName = entry.Target.Name,
            GrantId = entry.GrantId,
            RequestId = entry.RequestId,
            Reason = entry.Reason,
            Outcome = entry.Outcome,
            DetailsJson = entry.Details is null ? null : JsonSerializer.Serialize(entry.Details, DetailsJson),
            TraceId = entry.TraceId,
            PreviousHash = previousHash,
            Hash = string.Empty,
        };
        record.Hash = AuditChain.ComputeHash(record);
        return record;
    }
}
