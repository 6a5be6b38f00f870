using System.Globalization;
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

    /// <summary>The decision in one line for people, e.g. <c>denied: no policy allows this duration; the longest allowed is 4h</c>.</summary>
    public string Summarize()
    {
        var upTo = MaxDuration is { } max ? $" for up to {PolicyDuration.Format(max)}" : string.Empty;
        return (Outcome, Approval) switch
        {
            (DecisionOutcome.Approved, _) => $"approved by policy {Policy}{upTo}",
            (DecisionOutcome.PendingApproval, { } approval) =>
                $"pendingApproval by policy {Policy}{upTo}: needs {approval.Count.ToString(CultureInfo.InvariantCulture)} approval(s) from [{string.Join(", ", approval.Groups)}]",
            _ when Policy is not null => $"denied by policy {Policy}",
            _ when LongestAllowedDuration is { } longest => $"denied: no policy allows this duration; the longest allowed is {PolicyDuration.Format(longest)}",
            _ => "denied: no policy matches",
        };
    }
}
