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

    /// <summary>Approvals counted so far (distinct approvers).</summary>
    public int ApprovalCount => Approvals.Count(approval => approval.Approved);

    /// <summary>Whether <paramref name="subject"/> asked for this request.</summary>
    public bool IsRequestedBy(string subject) => string.Equals(Requester.Subject, subject, StringComparison.Ordinal);

    /// <summary>Whether one of <paramref name="groups"/> is among the policy's approver groups.</summary>
    public bool HasApproverAmong(IEnumerable<string> groups) => groups.Any(group => ApproverGroups.Contains(group, StringComparer.Ordinal));

    /// <summary>
    /// Who may see this request: its requester and the members of its approver groups (plus whoever the caller
    /// trusts to see everything, e.g. auditors); everyone else is told it does not exist.
    /// </summary>
    public bool IsVisibleTo(Person person) => IsRequestedBy(person.Subject) || HasApproverAmong(person.Groups);

    /// <summary>Whether this request waits for an answer from <paramref name="person"/> (pending, theirs to answer, not yet answered).</summary>
    public bool IsAwaiting(Person person) => CheckReviewer(person) == ReviewResult.ApprovalRecorded;

    /// <summary>Whether <paramref name="person"/> may answer this request: an approver group member who is not the requester.</summary>
    public ReviewResult CheckReviewer(Person person)
    {
        if (Status != AccessRequestStatus.Pending)
        {
            return ReviewResult.NotPending;
        }

        if (IsRequestedBy(person.Subject))
        {
            return ReviewResult.OwnRequest;
        }

        if (!HasApproverAmong(person.Groups))
        {
            return ReviewResult.NotAnApprover;
        }

        return Approvals.Any(approval => string.Equals(approval.ApproverSubject, person.Subject, StringComparison.Ordinal))
            ? ReviewResult.AlreadyAnswered
            : ReviewResult.ApprovalRecorded;
    }

    /// <summary>Records an approver's answer; the request is approved once the policy's count of distinct approvals is reached.</summary>
    public ReviewResult Review(Person reviewer, bool approve, string? comment, DateTimeOffset now)
    {
        var check = CheckReviewer(reviewer);
        if (check != ReviewResult.ApprovalRecorded)
        {
            return check;
        }

        Approvals.Add(new Approval
        {
            Id = Guid.NewGuid(), RequestId = Id, ApproverSubject = reviewer.Subject, ApproverName = reviewer.Name,
            Approved = approve, Comment = comment, At = now,
        });
        if (!approve)
        {
            Close(AccessRequestStatus.Denied, comment, now);
            return ReviewResult.Denied;
        }

        if (ApprovalCount < RequiredApprovals)
        {
            return ReviewResult.ApprovalRecorded;
        }

        Close(AccessRequestStatus.Approved, comment, now);
        return ReviewResult.Approved;
    }

    /// <summary>Ends the request in <paramref name="status"/>; ended requests are kept, never deleted.</summary>
    public void Close(AccessRequestStatus status, string? comment, DateTimeOffset now)
    {
        Status = status;
        ClosedAt = now;
        ClosingComment = comment;
    }
}
