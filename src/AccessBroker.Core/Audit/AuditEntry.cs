namespace AccessBroker.Core.Audit;

/// <summary>Who did something: the person (or system) behind an audited step.</summary>
public sealed record AuditActor(string Subject, string? Name, IReadOnlyList<string> Groups, string? Ip = null, string? UserAgent = null)
{
    /// <summary>The broker itself (expiry, sweeps, policy loads).</summary>
    public static AuditActor System { get; } = new("system:accessbroker", "AccessBroker", []);
}

/// <summary>What a step was done to.</summary>
public sealed record AuditTarget(string? Cluster, string? Namespace, string? Kind, string? Name)
{
    public static AuditTarget None { get; } = new(null, null, null, null);
}

/// <summary>
/// One audited step as a caller describes it; the audit log adds sequence, id, time and the hash chain.
/// <paramref name="Details"/> is serialised to JSON and must never hold a token or secret.
/// </summary>
public sealed record AuditEntry(
    string Action,
    AuditActor Actor,
    AuditTarget Target,
    AuditOutcome Outcome,
    string? Reason = null,
    Guid? GrantId = null,
    Guid? RequestId = null,
    object? Details = null,
    string? TraceId = null);
