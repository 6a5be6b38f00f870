using AccessBroker.Core.Policies;
using BenchmarkDotNet.Attributes;

namespace AccessBroker.Benchmarks;

/// <summary>
/// One policy decision, as the API makes it when a request is created: <see cref="PolicySet.Evaluate"/> without
/// explanations over a loaded set. Each invocation decides 16 different requests (different users, teams, roles,
/// clusters, durations), so the numbers are per decision and not one lucky path.
/// </summary>
[MemoryDiagnoser]
public class PolicyDecisionBenchmarks
{
    private const int RequestsPerInvocation = 16;

    private PolicySet _set = PolicySet.Empty;
    private (PolicyUser User, PolicyRequest Request)[] _requests = [];
    private readonly DateTimeOffset _now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Params(10, 1_000, 10_000)]
    public int Policies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _set = GeneratedPolicies.Create(Policies);
        var random = new Random(7);
        var teams = GeneratedPolicies.TeamCount(Policies);
        string[] clusters = ["prod-eu", "staging", "dev-01", "prod-us"];
        _requests = Enumerable.Range(0, RequestsPerInvocation).Select(i =>
        {
            var team = $"team-{random.Next(teams)}";
            var user = new PolicyUser(
                $"sub-{i}",
                $"user-{random.Next(teams)}",
                $"user{i}@example.com",
                [team, $"team-{random.Next(teams)}", "engineering", i % 4 == 0 ? "oncall" : "developers"]);
            var request = new PolicyRequest(
                clusters[i % clusters.Length],
                i % 3 == 0 ? $"{team}-api" : team,
                GeneratedPolicies.Roles[i % GeneratedPolicies.Roles.Length],
                TimeSpan.FromMinutes(30 * (1 + (i % 8))),
                i % 2 == 0 ? "INC-4711 checkout errors" : "debugging");
            return (user, request);
        }).ToArray();
    }

    [Benchmark(OperationsPerInvoke = RequestsPerInvocation)]
    public DecisionOutcome Decide()
    {
        var last = DecisionOutcome.Denied;
        foreach (var (user, request) in _requests)
        {
            last = _set.Evaluate(user, request, _now).Outcome;
        }

        return last;
    }

    /// <summary>The same decisions with one explanation line per policy, as <c>policy explain</c> and the evaluate endpoint give.</summary>
    [Benchmark(OperationsPerInvoke = RequestsPerInvocation)]
    public DecisionOutcome DecideAndExplainEveryPolicy()
    {
        var last = DecisionOutcome.Denied;
        foreach (var (user, request) in _requests)
        {
            last = _set.Evaluate(user, request, _now, explain: true).Outcome;
        }

        return last;
    }
}
