namespace AccessBroker.Core.Requests;

/// <summary>
/// A person's request for a role on a cluster and namespace for a duration, with the policy decision it got.
/// Ended requests are kept for review; nothing is ever deleted.
/// </summary>
public sealed class AccessRequest
{
    public Guid Id { get; init; }

    public required Person Requester { get; init; }

    public required string Cluster { get; init; }

    public required string Namespace { get; init; }

    public required string Role { get; init; }

    public TimeSpan Duration { get; init; }

    public required string Reason { get; init; }

    public AccessRequestStatus Status { get; set; }

    /// <summary>The policy whose decision applies, if any matched.</summary>
    public string? Policy { get; set; }

    public int RequiredApprovals { get; set; }

    public IReadOnlyList<string> ApproverGroups { get; set; } = [];

    /// <summary>The full policy decision (with explanations) as JSON, kept so reviewers see why.</summary>
    public string? DecisionJson { get; set; }

    public string? IdempotencyKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a still-pending request expires.</summary>
    public DateTimeOffset PendingUntil { get; init; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosingComment { get; set; }

    public List<Approval> Approvals { get; init; } = [];
}
