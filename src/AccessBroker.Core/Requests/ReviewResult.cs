namespace AccessBroker.Core.Requests;

/// <summary>What happened when an approver answered a request.</summary>
public enum ReviewResult
{
    /// <summary>The approval counted; more are needed.</summary>
    ApprovalRecorded,

    /// <summary>The approval reached the required count: the request is approved.</summary>
    Approved,

    /// <summary>The request was denied.</summary>
    Denied,

    /// <summary>The request is no longer pending.</summary>
    NotPending,

    /// <summary>Requesters never approve or deny their own requests.</summary>
    OwnRequest,

    /// <summary>The reviewer is in none of the policy's approver groups.</summary>
    NotAnApprover,

    /// <summary>This approver already answered; approvers count distinctly.</summary>
    AlreadyAnswered,
}
