using System.Text.Json;
using AccessBroker.Core.Audit;

namespace AccessBroker.Api.Features.Audit;

/// <summary>An audit record as the API, the JSON Lines export and the CLI show it.</summary>
public sealed record AuditRecordView(
    long Sequence,
    Guid Id,
    DateTimeOffset Time,
    string Action,
    AuditActor Actor,
    AuditTarget Target,
    Guid? GrantId,
    Guid? RequestId,
    string? Reason,
    AuditOutcome Outcome,
    JsonElement? Details,
    string? TraceId,
    string PreviousHash,
    string Hash)
{
    internal static AuditRecordView From(AuditRecord record) => new(
        record.Sequence,
        record.Id,
        record.Time,
        record.Action,
        new AuditActor(record.ActorSubject, record.ActorName, record.ActorGroups, record.ActorIp, record.ActorUserAgent),
        new AuditTarget(record.TargetCluster, record.TargetNamespace, record.TargetKind, record.TargetName),
        record.GrantId,
        record.RequestId,
        record.Reason,
        record.Outcome,
        record.DetailsJson is null ? null : JsonSerializer.Deserialize<JsonElement>(record.DetailsJson),
        record.TraceId,
        record.PreviousHash,
        record.Hash);
}
