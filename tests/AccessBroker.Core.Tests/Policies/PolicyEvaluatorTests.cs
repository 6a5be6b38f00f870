using AccessBroker.Core.Policies;
using static AccessBroker.Core.Tests.Policies.PolicyFixtures;

namespace AccessBroker.Core.Tests.Policies;

public class PolicyEvaluatorTests
{
    private static string Spec(
        string subjects = "{ groups: [payments-devs] }",
        string clusters = "[\"prod-*\", staging]",
        string namespaces = "[payments, \"payments-*\"]",
        string roles = "[troubleshoot, operate]",
        string maxDuration = "4h",
        string approval = "{ mode: auto }",
        string conditions = "[]") => $"""
          subjects: {subjects}
          clusters: {clusters}
          namespaces: {namespaces}
          roles: {roles}
          maxDuration: {maxDuration}
          approval: {approval}
          conditions: {conditions}
        """;

    private static string DenySpec(string subjects = "{ users: [\"*\"] }", string namespaces = "[kube-system]") => $"""
          subjects: {subjects}
          clusters: ["*"]
          namespaces: {namespaces}
          roles: [view, troubleshoot, operate]
          approval: {"{"} mode: deny {"}"}
        """;

    private static readonly PolicyUser Dev = User("bob", "payments-devs");

    public static TheoryData<string, PolicyUser, PolicyRequest, bool, string> MatchingRules => new()
    {
        { Spec(), Dev, Request(), true, "matches: approved at once, maxDuration 4h" },
        { Spec(), User("eve", "web-devs"), Request(), false, "subject: user not in groups [payments-devs]" },
        { Spec(subjects: "{ users: [alice] }"), User("alice"), Request(), true, "matches: approved at once, maxDuration 4h" },
        { Spec(subjects: "{ users: [sub-alice] }"), User("alice"), Request(), true, "matches: approved at once, maxDuration 4h" },
        { Spec(subjects: "{ users: [alice] }"), User("eve"), Request(), false, "subject: user eve not in users [alice]" },
        { Spec(subjects: "{ users: [alice], groups: [sre] }"), User("eve", "web"), Request(), false, "subject: user eve not in users [alice] nor in groups [sre]" },
        { Spec(subjects: "{ users: [\"*\"] }"), User("anyone"), Request(), true, "matches: approved at once, maxDuration 4h" },
        { Spec(), Dev, Request(cluster: "staging"), true, "matches: approved at once, maxDuration 4h" },
        { Spec(), Dev, Request(cluster: "dev-eu"), false, "cluster dev-eu not in [prod-*, staging]" },
        { Spec(), Dev, Request(cluster: "prod"), false, "cluster prod not in [prod-*, staging]" },
        { Spec(clusters: "[\"*-eu\"]"), Dev, Request(cluster: "prod-eu"), true, "matches: approved at once, maxDuration 4h" },
        { Spec(clusters: "[\"prod-??\"]"), Dev, Request(cluster: "prod-eu"), true, "matches: approved at once, maxDuration 4h" },
        { Spec(clusters: "[\"prod-??\"]"), Dev, Request(cluster: "prod-eu1"), false, "cluster prod-eu1 not in [prod-??]" },
        { Spec(clusters: "[\"p*-*-1\"]"), Dev, Request(cluster: "prod-eu-1"), true, "matches: approved at once, maxDuration 4h" },
        { Spec(), Dev, Request(@namespace: "payments-api"), true, "matches: approved at once, maxDuration 4h" },
        { Spec(), Dev, Request(@namespace: "kube-system"), false, "namespace kube-system not in [payments, payments-*]" },
        { Spec(), Dev, Request(role: "view"), false, "role view not in [troubleshoot, operate]" },
        { Spec(conditions: "[{ expression: 'request.reason.startsWith(\"INC-\")', message: reason must name an incident }]"), Dev, Request(reason: "just looking"), false, "condition 1 false: reason must name an incident" },
        { Spec(conditions: "[{ expression: 'true' }, { expression: 'request.duration <= 3600' }]"), Dev, Request(duration: "2h"), false, "condition 2 false: request.duration <= 3600" },
        { Spec(conditions: "[{ expression: '10 / (request.duration - 3600) > 0' }]"), Dev, Request(duration: "1h"), false, "condition 1 error: division by zero" },
        { Spec(maxDuration: "1h30m"), Dev, Request(duration: "1h30m"), true, "matches: approved at once, maxDuration 1h30m" },
        { Spec(maxDuration: "1h30m"), Dev, Request(duration: "1h30m1s"), false, "duration 1h30m1s exceeds maxDuration 1h30m" },
        { Spec(approval: "{ mode: manual, approvers: { groups: [leads, sre], count: 2 } }"), Dev, Request(), true, "matches: needs 2 approval(s) from [leads, sre], maxDuration 4h" },
        { DenySpec(), Dev, Request(@namespace: "kube-system"), true, "matches: denies" },
    };

    [Theory]
    [MemberData(nameof(MatchingRules))]
    public void Evaluate_OnePolicy_ExplainsWhetherAndWhyItMatches(string spec, PolicyUser user, PolicyRequest request, bool matched, string reason)
    {
        var set = LoadSet(Policy("p", spec));

        var decision = set.Evaluate(user, request, Now, explain: true);

        decision.Explanations.ShouldHaveSingleItem().ShouldBe(new PolicyExplanation("p", matched, reason));
        decision.IsGranted.ShouldBe(matched && !reason.Contains("denies", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_AutoPolicyMatches_ApprovedWithPolicyApprovalAndMaxDuration()
    {
        var decision = LoadSet(Policy("p", Spec())).Evaluate(Dev, Request(), Now);

        decision.Outcome.ShouldBe(DecisionOutcome.Approved);
        decision.Policy.ShouldBe("p");
        decision.Approval!.Mode.ShouldBe(ApprovalMode.Auto);
        decision.MaxDuration.ShouldBe(TimeSpan.FromHours(4));
        decision.LongestAllowedDuration.ShouldBeNull();
        decision.Explanations.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_ManualPolicyMatches_PendingApprovalWithApprovers()
    {
        var set = LoadSet(Policy("p", Spec(approval: "{ mode: manual, approvers: { groups: [payments-leads], count: 1 } }")));

        var decision = set.Evaluate(Dev, Request(), Now);

        decision.Outcome.ShouldBe(DecisionOutcome.PendingApproval);
        decision.Approval!.Groups.ShouldBe(["payments-leads"]);
        decision.Approval.Count.ShouldBe(1);
    }

    [Fact]
    public void Evaluate_MatchingDenyPolicy_OverridesAnAutoPolicy()
    {
        var set = LoadSet(Policy("open", Spec(namespaces: "[\"*\"]")), Policy("no-kube-system", DenySpec()));

        var decision = set.Evaluate(Dev, Request(@namespace: "kube-system"), Now, explain: true);

        decision.Outcome.ShouldBe(DecisionOutcome.Denied);
        decision.Policy.ShouldBe("no-kube-system");
        decision.Approval!.Mode.ShouldBe(ApprovalMode.Deny);
        decision.MaxDuration.ShouldBeNull();
        decision.Explanations.Select(e => e.Matched).ShouldBe([true, true]);
    }

    [Fact]
    public void Evaluate_DenyPolicyThatDoesNotMatch_LeavesTheOthersToDecide()
    {
        var set = LoadSet(Policy("open", Spec()), Policy("no-kube-system", DenySpec()));

        set.Evaluate(Dev, Request(), Now).Outcome.ShouldBe(DecisionOutcome.Approved);
    }

    [Fact]
    public void Evaluate_DenyPolicyDeniesAnyDuration_WithoutALongestAllowedDuration()
    {
        var set = LoadSet(Policy("open", Spec(namespaces: "[\"*\"]", maxDuration: "1h")), Policy("no-kube-system", DenySpec()));

        var decision = set.Evaluate(Dev, Request(@namespace: "kube-system", duration: "8h"), Now);

        decision.Policy.ShouldBe("no-kube-system");
        decision.LongestAllowedDuration.ShouldBeNull();
    }

    public static TheoryData<string, string, string> LeastFriction => new()
    {
        { "{ mode: manual, approvers: { groups: [leads], count: 1 } }", "{ mode: auto }", "second" },
        { "{ mode: auto }", "{ mode: manual, approvers: { groups: [leads], count: 1 } }", "first" },
        { "{ mode: manual, approvers: { groups: [leads], count: 2 } }", "{ mode: manual, approvers: { groups: [leads], count: 1 } }", "second" },
        { "{ mode: manual, approvers: { groups: [leads], count: 1 } }", "{ mode: manual, approvers: { groups: [sre], count: 1 } }", "first" },
        { "{ mode: auto }", "{ mode: auto }", "first" },
    };

    [Theory]
    [MemberData(nameof(LeastFriction))]
    public void Evaluate_TwoMatchingPolicies_LeastFrictionWins_TiesGoToTheFirstDefined(string firstApproval, string secondApproval, string winner)
    {
        var set = LoadSet(Policy("first", Spec(approval: firstApproval)), Policy("second", Spec(approval: secondApproval)));

        set.Evaluate(Dev, Request(), Now).Policy.ShouldBe(winner);
    }

    [Fact]
    public void Evaluate_EqualFriction_TheLongerMaxDurationWins()
    {
        var set = LoadSet(Policy("short", Spec(maxDuration: "1h")), Policy("long", Spec(maxDuration: "8h")));

        var decision = set.Evaluate(Dev, Request(duration: "30m"), Now);

        decision.Policy.ShouldBe("long");
        decision.MaxDuration.ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public void Evaluate_OnlyAPolicyWithMoreFrictionCoversTheDuration_ItWins()
    {
        var set = LoadSet(
            Policy("quick", Spec(maxDuration: "1h")),
            Policy("long", Spec(maxDuration: "8h", approval: "{ mode: manual, approvers: { groups: [leads], count: 1 } }")));

        var decision = set.Evaluate(Dev, Request(duration: "4h"), Now);

        decision.Outcome.ShouldBe(DecisionOutcome.PendingApproval);
        decision.Policy.ShouldBe("long");
    }

    [Fact]
    public void Evaluate_NoMatchingPolicyCoversTheDuration_DeniedWithTheLongestAllowed()
    {
        var set = LoadSet(Policy("one", Spec(maxDuration: "1h")), Policy("four", Spec(maxDuration: "4h")), Policy("other-team", Spec(subjects: "{ groups: [web] }", maxDuration: "12h")));

        var decision = set.Evaluate(Dev, Request(duration: "6h"), Now, explain: true);

        decision.Outcome.ShouldBe(DecisionOutcome.Denied);
        decision.Policy.ShouldBeNull();
        decision.LongestAllowedDuration.ShouldBe(TimeSpan.FromHours(4));
        decision.Explanations.Select(e => e.Reason).ShouldBe(
        [
            "duration 6h exceeds maxDuration 1h",
            "duration 6h exceeds maxDuration 4h",
            "subject: user not in groups [web]",
        ]);
    }

    [Fact]
    public void Evaluate_NoPolicyMatches_DeniedWithoutPolicyOrLongestDuration()
    {
        var decision = LoadSet(Policy("p", Spec())).Evaluate(User("eve", "web"), Request(), Now);

        decision.ShouldBe(new PolicyDecision(DecisionOutcome.Denied, null, null, null, null, decision.Explanations));
        decision.Explanations.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_EmptySet_DeniesEverything()
    {
        PolicySet.Empty.Evaluate(Dev, Request(), Now, explain: true).Outcome.ShouldBe(DecisionOutcome.Denied);
    }

    [Fact]
    public void Evaluate_ConditionsSeeUserRequestAndNow()
    {
        var set = LoadSet(Policy("business-hours", Spec(conditions: """
            [{ expression: 'now.getHours() >= 8 && now.getHours() < 18 && "payments-devs" in user.groups && user.email.endsWith("@example.com")' }]
            """)));

        set.Evaluate(Dev, Request(), Now).Outcome.ShouldBe(DecisionOutcome.Approved);
        set.Evaluate(Dev, Request(), Now.AddHours(10)).Outcome.ShouldBe(DecisionOutcome.Denied);
    }

    [Fact]
    public void Evaluate_WithAndWithoutExplanations_GiveTheSameDecisions()
    {
        var set = LoadSet(
            Policy("devs-auto", Spec(maxDuration: "1h")),
            Policy("devs-manual", Spec(maxDuration: "8h", approval: "{ mode: manual, approvers: { groups: [leads], count: 2 } }")),
            Policy("alice", Spec(subjects: "{ users: [alice], groups: [sre] }", clusters: "[\"*\"]", namespaces: "[\"*\"]", roles: "[view, operate]", approval: "{ mode: manual, approvers: { groups: [sre], count: 1 } }")),
            Policy("everyone-view", Spec(subjects: "{ users: [\"*\"] }", roles: "[view]", clusters: "[staging]", conditions: "[{ expression: 'request.reason.size() > 3' }]")),
            Policy("no-kube-system", DenySpec()),
            Policy("no-web-prod", DenySpec(subjects: "{ groups: [web] }", namespaces: "[\"pay*\"]")));
        PolicyUser[] users = [Dev, User("alice"), User("carol", "sre", "web"), User("eve", "web", "payments-devs"), User("nobody")];
        string[] clusters = ["prod-eu", "staging", "dev"];
        string[] namespaces = ["payments", "payments-api", "kube-system", "web"];
        string[] roles = ["view", "troubleshoot", "operate", "unknown"];
        string[] durations = ["30m", "1h", "2h", "12h"];

        var compared = 0;
        foreach (var user in users)
        {
            foreach (var request in
                from c in clusters from n in namespaces from r in roles from d in durations from reason in new[] { "INC-1", "" }
                select Request(c, n, r, d, reason))
            {
                var fast = set.Evaluate(user, request, Now);
                var explained = set.Evaluate(user, request, Now, explain: true);
                (fast.Outcome, fast.Policy, fast.MaxDuration, fast.LongestAllowedDuration)
                    .ShouldBe((explained.Outcome, explained.Policy, explained.MaxDuration, explained.LongestAllowedDuration), $"{user.Name} {request}");
                compared++;
            }
        }

        compared.ShouldBe(users.Length * 3 * 4 * 4 * 4 * 2);
    }
}
