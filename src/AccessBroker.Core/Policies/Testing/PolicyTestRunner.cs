using System.Text.Json;

namespace AccessBroker.Core.Policies.Testing;

/// <summary>Runs <c>kind: PolicyTest</c> cases against a policy set, like <c>opa test</c>.</summary>
public static class PolicyTestRunner
{
    /// <param name="set">The policies under test.</param>
    /// <param name="cases">The cases to run, in order.</param>
    /// <param name="defaultNow">The evaluation time for cases that do not fix one.</param>
    public static IReadOnlyList<PolicyTestResult> Run(PolicySet set, IEnumerable<PolicyTestCase> cases, DateTimeOffset defaultNow)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(cases);
        return cases.Select(testCase =>
        {
            var decision = set.Evaluate(testCase.User, testCase.Request, testCase.Now ?? defaultNow, explain: true);
            return new PolicyTestResult(testCase, decision, Compare(testCase, decision));
        }).ToList();
    }

    private static string? Compare(PolicyTestCase testCase, PolicyDecision decision)
    {
        var outcomeDiffers = decision.Outcome != testCase.ExpectedOutcome;
        var policyDiffers = testCase.ExpectedPolicy is not null && !string.Equals(decision.Policy, testCase.ExpectedPolicy, StringComparison.Ordinal);
        return outcomeDiffers || policyDiffers
            ? $"expected {Describe(testCase.ExpectedOutcome, testCase.ExpectedPolicy)}, got {Describe(decision.Outcome, decision.Policy)}"
            : null;
    }

    private static string Describe(DecisionOutcome outcome, string? policy)
    {
        var name = JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());
        return policy is null ? name : $"{name} by {policy}";
    }
}
