namespace AccessBroker.Core.Policies.Testing;

/// <summary>How one test case went: the decision (with explanations) and, when it failed, what differed.</summary>
public sealed record PolicyTestResult(PolicyTestCase Case, PolicyDecision Decision, string? Failure)
{
    public bool Passed => Failure is null;
}
