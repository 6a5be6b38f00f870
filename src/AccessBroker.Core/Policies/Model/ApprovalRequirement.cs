namespace AccessBroker.Core.Policies;

/// <summary>How a request matched by a policy is decided.</summary>
public enum ApprovalMode
{
    /// <summary>Granted at once.</summary>
    Auto,

    /// <summary>Waits for <see cref="ApprovalRequirement.Count"/> distinct approvers from the approver groups.</summary>
    Manual,

    /// <summary>Refused; a matching deny policy overrides every other policy.</summary>
    Deny,
}

/// <summary>The approval a policy asks for. Groups are empty and count is 0 unless the mode is manual.</summary>
public sealed record ApprovalRequirement(ApprovalMode Mode, IReadOnlyList<string> Groups, int Count)
{
    public static ApprovalRequirement Auto { get; } = new(ApprovalMode.Auto, [], 0);

    public static ApprovalRequirement Deny { get; } = new(ApprovalMode.Deny, [], 0);
}
