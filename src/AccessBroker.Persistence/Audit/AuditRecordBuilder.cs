using System.Text.Json;
using AccessBroker.Core.Audit;

namespace AccessBroker.Persistence.Audit;

/// <summary>Turns a caller's <see cref="AuditEntry"/> into the next record of the chain.</summary>
internal sealed class AuditRecordBuilder(TimeProvider time)
{
    private static readonly JsonSerializerOptions DetailsOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The details as stored. Callers serialise their own entries before queueing them, so the one ordered writer
    /// spends its time on the chain and the database, and a details object that cannot be serialised fails its caller.
    /// </summary>
    public static string? SerializeDetails(AuditEntry entry) => entry.Details is null ? null : JsonSerializer.Serialize(entry.Details, DetailsOptions);

    /// <summary>
    /// Builds the record after one written at <paramref name="previousTime"/>. Its time is never earlier, even when
    /// another replica's clock is ahead, so time order is sequence order and time filters become sequence ranges.
    /// </summary>
    public AuditRecord Build(AuditEntry entry, string? detailsJson, long sequence, string previousHash, DateTimeOffset previousTime)
    {
        // PostgreSQL keeps microseconds and SQLite (binary DateTimeOffset) 100 µs: truncating to milliseconds first
        // makes the hashed time the stored time on every provider.
        var now = time.GetUtcNow();
        var truncated = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var record = new AuditRecord
        {
            Sequence = sequence,
            Id = Guid.CreateVersion7(now),
            Time = truncated > previousTime ? truncated : previousTime,
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
            DetailsJson = detailsJson,
            TraceId = entry.TraceId,
            PreviousHash = previousHash,
            Hash = string.Empty,
        };
        record.Hash = AuditChain.ComputeHash(record);
        return record;
    }
}
