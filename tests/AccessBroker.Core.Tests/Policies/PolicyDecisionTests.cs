using AccessBroker.Core.Policies;

namespace AccessBroker.Core.Tests.Policies;

public class PolicyDecisionTests
{
    public static TheoryData<PolicyDecision, string> Summaries => new()
    {
        { new(DecisionOutcome.Approved, "p", ApprovalRequirement.Auto, TimeSpan.FromHours(4), null, []), "approved by policy p for up to 4h" },
        { new(DecisionOutcome.PendingApproval, "p", new ApprovalRequirement(ApprovalMode.Manual, ["leads", "sre"], 2), TimeSpan.FromMinutes(90), null, []), "pendingApproval by policy p for up to 1h30m: needs 2 approval(s) from [leads, sre]" },
        { new(DecisionOutcome.Denied, "no-kube-system", ApprovalRequirement.Deny, null, null, []), "denied by policy no-kube-system" },
        { new(DecisionOutcome.Denied, null, null, null, TimeSpan.FromHours(4), []), "denied: no policy allows this duration; the longest allowed is 4h" },
        { new(DecisionOutcome.Denied, null, null, null, null, []), "denied: no policy matches" },
    };

    [Theory]
    [MemberData(nameof(Summaries))]
    public void Summarize_SaysTheOutcomeAndWhyInOneLine(PolicyDecision decision, string summary)
    {
        decision.Summarize().ShouldBe(summary);
    }
}
