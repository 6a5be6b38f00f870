namespace AccessBroker.Core.Audit;

/// <summary>
/// One append-only entry of the audit log. <see cref="Hash"/> is SHA-256 over <see cref="PreviousHash"/> and
/// the record's canonical serialisation, so any change made behind the log breaks the chain from that record on.
/// </summary>
public sealed class AuditRecord
{
    /// <summary>Position in the log: 1, 2, 3, … without gaps.</summary>
    public long Sequence { get; init; }

    public Guid Id { get; init; }

    public DateTimeOffset Time { get; init; }

    /// <summary>Dotted event type, e.g. <c>request.created</c>, <c>deployment.scaled</c>.</summary>
    public required string Action { get; init; }

    public required string ActorSubject { get; init; }

    public string? ActorName { get; init; }

    public IReadOnlyList<string> ActorGroups { get; init; } = [];

    public string? ActorIp { get; init; }

    public string? ActorUserAgent { get; init; }

    public string? TargetCluster { get; init; }

    public string? TargetNamespace { get; init; }

    public string? TargetKind { get; init; }

    public string? TargetName { get; init; }

    public Guid? GrantId { get; init; }

    public Guid? RequestId { get; init; }

    public string? Reason { get; init; }

    public AuditOutcome Outcome { get; init; }

    /// <summary>Before/after state and other facts as a JSON object; never a token or secret.</summary>
    public string? DetailsJson { get; init; }

    public string? TraceId { get; init; }

    public required string PreviousHash { get; init; }

    public required string Hash { get; set; }
}
