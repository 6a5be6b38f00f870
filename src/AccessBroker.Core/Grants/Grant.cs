using AccessBroker.Core.Requests;

namespace AccessBroker.Core.Grants;

/// <summary>
/// Access made real on a cluster for an approved request: a per-grant ServiceAccount bound to the role's
/// ClusterRole in the target namespace, from <see cref="StartsAt"/> (approval) to <see cref="EndsAt"/>.
/// </summary>
public sealed class Grant
{
    public Guid Id { get; init; }

    public Guid RequestId { get; init; }

    /// <summary>The requester as they were when they asked (groups at request time).</summary>
    public required Person Requester { get; init; }

    public required string Cluster { get; init; }

    public required string Namespace { get; init; }

    public required string Role { get; init; }

    public required string Reason { get; init; }

    public GrantStatus Status { get; set; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset EndsAt { get; set; }

    public IReadOnlyList<string> Approvers { get; init; } = [];

    public string? ServiceAccountNamespace { get; set; }

    public string? ServiceAccountName { get; set; }

    public string? RoleBindingName { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? EndedBy { get; set; }

    /// <summary>Incremented on every change; guards concurrent updates (optimistic concurrency).</summary>
    public int Version { get; set; }
}
