namespace AccessBroker.Core.Policies.Testing;

/// <summary>
/// One case of a <c>kind: PolicyTest</c> document: a user and request, and the outcome (and optionally the
/// winning policy) the policies must give. <see cref="Now"/> is the evaluation time when the case fixes one.
/// </summary>
public sealed record PolicyTestCase(
    string Suite,
    string Name,
    PolicyUser User,
    PolicyRequest Request,
    DateTimeOffset? Now,
    DecisionOutcome ExpectedOutcome,
    string? ExpectedPolicy,
    SourcePosition Source);
