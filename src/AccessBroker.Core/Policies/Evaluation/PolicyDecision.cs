using System.Text.Json.Serialization;

namespace AccessBroker.Core.Policies;

/// <summary>The answer to a request.</summary>
public enum DecisionOutcome
{
    Approved,
    PendingApproval,
    Denied,
}

/// <summary>Why one policy did or did not apply to the request, in one line.</summary>
public sealed record PolicyExplanation(string Policy, bool Matched, string Reason);

/// <summary>
/// A policy decision. <see cref="Policy"/> is the winning policy (or the deny policy that denied);
/// <see cref="LongestAllowedDuration"/> is set only when matching policies existed but none allowed the asked duration.
/// <see cref="Explanations"/> has one entry per policy of the set when explanations were asked for, else it is empty.
/// </summary>
public sealed record PolicyDecision(
    DecisionOutcome Outcome,
    string? Policy,
    ApprovalRequirement? Approval,
    TimeSpan? MaxDuration,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeSpan? LongestAllowedDuration,
    IReadOnlyList<PolicyExplanation> Explanations)
{
    [JsonIgnore]
    public bool IsGranted => Outcome != DecisionOutcome.Denied;
}
