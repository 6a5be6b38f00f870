namespace AccessBroker.Core.Requests;

/// <summary>One approver's answer to a pending request.</summary>
public sealed class Approval
{
    public Guid Id { get; init; }

    public Guid RequestId { get; init; }

    public required string ApproverSubject { get; init; }

    public required string ApproverName { get; init; }

    public bool Approved { get; init; }

    public string? Comment { get; init; }

    public DateTimeOffset At { get; init; }
}
