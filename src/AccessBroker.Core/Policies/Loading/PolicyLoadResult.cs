using AccessBroker.Core.Policies.Testing;

namespace AccessBroker.Core.Policies;

/// <summary>The outcome of loading a policy folder: a set and its test cases, or every error found.</summary>
public sealed class PolicyLoadResult
{
    private PolicyLoadResult(PolicySet? set, IReadOnlyList<PolicyTestCase> tests, IReadOnlyList<PolicyLoadError> errors)
    {
        Set = set;
        Tests = tests;
        Errors = errors;
    }

    /// <summary>The loaded set; <see langword="null"/> when there were errors (all-or-nothing).</summary>
    public PolicySet? Set { get; }

    /// <summary>The cases of the <c>kind: PolicyTest</c> documents found beside the policies.</summary>
    public IReadOnlyList<PolicyTestCase> Tests { get; }

    public IReadOnlyList<PolicyLoadError> Errors { get; }

    public bool Succeeded => Set is not null;

    internal static PolicyLoadResult Success(PolicySet set, IReadOnlyList<PolicyTestCase> tests) => new(set, tests, []);

    internal static PolicyLoadResult Failure(IReadOnlyList<PolicyLoadError> errors) => new(null, [], errors);
}
