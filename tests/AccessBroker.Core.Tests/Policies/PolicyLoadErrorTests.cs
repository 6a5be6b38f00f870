using AccessBroker.Core.Policies;
using static AccessBroker.Core.Tests.Policies.PolicyFixtures;

namespace AccessBroker.Core.Tests.Policies;

/// <summary>Every load error names its file, line and column and says what is expected.</summary>
public class PolicyLoadErrorTests
{
    public static TheoryData<string, string, int, int, string> PolicyErrors => new()
    {
        { "1h30m", "forever", 10, 16, "spec.maxDuration: expected a duration like 30m, 4h or 1h30m, found 'forever'" },
        { "1h30m", "0m", 10, 16, "spec.maxDuration: expected a duration" },
        { "1h30m", "30m1h", 10, 16, "spec.maxDuration: expected a duration" },
        { "staging]", "Staging_1]", 7, 24, "spec.clusters[1]: 'Staging_1' is not a valid glob" },
        { "payments, ", "pay ments, ", 8, 16, "spec.namespaces[0]: 'pay ments' is not a valid glob" },
        { "[troubleshoot,", "[troubleshot,", 9, 11, "spec.roles: no RoleTemplate named 'troubleshot'; defined: operate, troubleshoot, view" },
        { "count: 2", "count: 0", 13, 51, "spec.approval.approvers.count: expected at least 1 approver, found 0" },
        { "count: 2", "count: two", 13, 51, "spec.approval.approvers.count: expected an integer, found 'two'" },
        { "mode: manual", "mode: automatic", 12, 11, "spec.approval.mode: expected one of auto, manual, deny, found 'automatic'" },
        { "mode: manual", "mode: auto", 13, 16, "spec.approval.approvers: only allowed with mode manual, not auto" },
        { "    approvers: { groups: [payments-leads], count: 2 }\n", "", 12, 5, "spec.approval.approvers: required field is missing" },
        { "groups: [payments-leads], ", "", 13, 16, "spec.approval.approvers.groups: required field is missing" },
        { "  clusters: [\"prod-*\", staging]\n", "", 6, 3, "spec.clusters: required field is missing" },
        { "[\"prod-*\", staging]", "[]", 7, 13, "spec.clusters: expected at least one item" },
        { "[\"prod-*\", staging]", "prod-eu", 7, 13, "spec.clusters: expected a list" },
        { "{ groups: [payments-devs], users: [alice] }", "{ groups: [] }", 6, 13, "spec.subjects: expected at least one group or user" },
        { "users: [alice]", "teams: [a]", 6, 40, "spec.subjects.teams: unknown field 'teams'; expected one of groups, users" },
        { "  maxDuration: 1h30m", "  maxDuration: 1h30m\n  priority: 1", 11, 3, "spec.priority: unknown field 'priority'" },
        { "request.reason", "request.reasn", 15, 28, "spec.conditions[0].expression: request has no field 'reasn' (it has cluster, namespace, role, duration, reason)" },
        { "request.reason.matches(\"^INC-[0-9]+\")", "request.reason.size() +", 15, 43, "spec.conditions[0].expression: unexpected end of expression, expected a value" },
        { "request.reason.matches(\"^INC-[0-9]+\")", "request.duration", 15, 20, "spec.conditions[0].expression: a condition must be a bool expression, this one is int" },
        { "request.reason.matches(\"^INC-[0-9]+\")", "request.reason.matches(\"(\")", 15, 43, "spec.conditions[0].expression: invalid regular expression" },
        { "approval:\n    mode: manual\n    approvers: { groups: [payments-leads], count: 2 }", "approval: manual", 11, 13, "spec.approval: expected a mapping with fields mode, approvers" },
        { "users: [alice]", "users: alice", 6, 47, "spec.subjects.users: expected a list" },
        { "[payments-devs]", "[[payments-devs]]", 6, 24, "spec.subjects.groups[0]: expected a string" },
        { "      message: reason must name an incident", "      note: x", 16, 7, "spec.conditions[0].note: unknown field 'note'; expected one of expression, message" },
    };

    [Theory]
    [MemberData(nameof(PolicyErrors))]
    public void Load_PolicyWithOneError_ReportsItWithPosition(string find, string replace, int line, int column, string message)
    {
        PaymentsSpec.ShouldContain(find);
        var result = Load(Policy("payments-oncall", PaymentsSpec.Replace(find, replace, StringComparison.Ordinal)));

        var error = result.Errors.ShouldHaveSingleItem();
        error.File.ShouldBe("policies.yaml");
        (error.Line, error.Column).ShouldBe((line, column));
        error.Message.ShouldStartWith(message);
        result.Set.ShouldBeNull();
    }

    [Fact]
    public void Load_DenyPolicyWithMaxDuration_IsAnError()
    {
        var spec = PaymentsSpec.Replace("mode: manual", "mode: deny", StringComparison.Ordinal)
            .Replace("    approvers: { groups: [payments-leads], count: 2 }\n", "", StringComparison.Ordinal);

        var error = Load(Policy("deny-all", spec)).Errors.ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((10, 16));
        error.Message.ShouldBe("spec.maxDuration: not allowed with mode deny, which denies any duration");
    }

    [Fact]
    public void Load_ManualOrAutoPolicyWithoutMaxDuration_IsAnError()
    {
        var error = Load(Policy("p", PaymentsSpec.Replace("  maxDuration: 1h30m\n", "", StringComparison.Ordinal))).Errors.ShouldHaveSingleItem();

        error.Message.ShouldBe("spec.maxDuration: required field is missing");
    }

    [Fact]
    public void Load_PolicyNameThatIsNotADnsLabel_IsAnError()
    {
        var error = Load(Policy("Payments_OnCall", PaymentsSpec)).Errors.ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((4, 9));
        error.Message.ShouldStartWith("metadata.name: 'Payments_OnCall' is not a DNS label");
    }

    [Fact]
    public void Load_TwoPoliciesWithOneName_ReportsTheSecondWithTheFirstsPosition()
    {
        var error = Load(Policy("p", PaymentsSpec), Policy("p", PaymentsSpec)).Errors.ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((21, 9));
        error.Message.ShouldBe("metadata.name: AccessPolicy 'p' is already defined at policies.yaml:4:9");
    }

    public static TheoryData<string, int, int, string> DocumentErrors => new()
    {
        { "apiVersion: accessbroker.io/v2\nkind: RoleTemplate\nmetadata: {name: x}\nspec: {rules: [{nonResourceURLs: [/x], verbs: [get]}]}", 1, 13, "apiVersion: expected accessbroker.io/v1, found 'accessbroker.io/v2'" },
        { "apiVersion: accessbroker.io/v1\nkind: Role\nmetadata: {name: x}\nspec: {}", 2, 7, "kind: expected one of RoleTemplate, AccessPolicy, PolicyTest, found 'Role'" },
        { "apiVersion: accessbroker.io/v1\nkind: RoleTemplate\nmetadata: {name: x}", 1, 1, "spec: required field is missing" },
        { "apiVersion: accessbroker.io/v1\nkind: RoleTemplate\nmetadata: {name: x, labels: {}}\nspec: {rules: [{nonResourceURLs: [/x], verbs: [get]}]}", 3, 21, "metadata.labels: unknown field 'labels'; expected one of name" },
        { "- just\n- a list", 1, 1, "expected a mapping with fields apiVersion, kind, metadata, spec" },
        { "apiVersion: accessbroker.io/v1\nkind: RoleTemplate\nmetadata: {name: x}\nspec:\n  rules: [ {apiGroups: [\"\"], resources: [pods]", 6, 1, "invalid YAML: While parsing a flow" },
        { Role("- apiGroups: [\"\"]\n      resources: [pods]"), 7, 7, "spec.rules[0].verbs: required field is missing" },
        { Role("- resources: [pods]\n      verbs: [get]"), 7, 7, "spec.rules[0].apiGroups: required with resources (use [\"\"] for the core group)" },
        { Role("- apiGroups: [\"\"]\n      resources: [pods]\n      nonResourceURLs: [/healthz]\n      verbs: [get]"), 7, 7, "spec.rules[0]: a rule has either resources or nonResourceURLs, not both" },
        { Role("- verbs: [get]"), 7, 7, "spec.rules[0]: a rule needs resources (with apiGroups) or nonResourceURLs" },
        { Role("- apiGroups: [\"\"]\n      resources: [pods]\n      verbs: [get]\n      kinds: [Pod]"), 10, 7, "spec.rules[0].kinds: unknown field 'kinds'" },
        { Role("- nonResourceURLs: [/x]\n      verbs: [get]") + "\n  actions: [logs, debug]", 9, 19, "spec.actions[1]: unknown action 'debug'; expected one of scale, rollback, restart, exec, logs" },
        { Role("- nonResourceURLs: [/x]\n      verbs: [get]").Replace("spec:", "spec:\n  description: [a, b]", StringComparison.Ordinal), 6, 16, "spec.description: expected a string" },
        { "apiVersion: accessbroker.io/v1\nkind: RoleTemplate\nmetadata: {}\nspec: {rules: [{nonResourceURLs: [/x], verbs: [get]}]}", 3, 11, "metadata.name: required field is missing" },
        { "apiVersion: accessbroker.io/v1\nkind: RoleTemplate\nkind: AccessPolicy\nmetadata: {name: x}", 3, 1, "invalid YAML: Duplicate key" },
        { Test("outcome: denied").Replace("2026-01-01T00:00:00Z", "yesterday", StringComparison.Ordinal), 8, 12, "spec.cases[0].now: expected an RFC 3339 time" },
        { Role("[]"), 7, 5, "spec.rules: expected at least one item" },
        { Test("outcome: approved, policy: nowhere"), 11, 44, "expect.policy: no AccessPolicy named 'nowhere'; defined: none" },
        { Test("outcome: granted"), 11, 26, "spec.cases[0].expect.outcome: expected one of approved, pendingApproval, denied, found 'granted'" },
        { Test("outcome: denied").Replace("duration: 1h", "duration: 1d", StringComparison.Ordinal), 10, 76, "spec.cases[0].request.duration: expected a duration like 30m, 4h or 1h30m, found '1d'" },
    };

    [Theory]
    [MemberData(nameof(DocumentErrors))]
    public void Load_DocumentWithOneError_ReportsItWithPosition(string document, int line, int column, string message)
    {
        var result = PolicyLoader.Load([new PolicySourceFile("other.yaml", document)]);

        var error = result.Errors.ShouldHaveSingleItem();
        (error.File, error.Line, error.Column).ShouldBe(("other.yaml", line, column));
        error.Message.ShouldStartWith(message);
    }

    [Fact]
    public void LoadError_ToString_IsFileLineColumnMessage()
    {
        new PolicyLoadError("a.yaml", 3, 7, "bad").ToString().ShouldBe("a.yaml:3:7: bad");
    }

    private static string Role(string rules) => $"""
        apiVersion: accessbroker.io/v1
        kind: RoleTemplate
        metadata:
          name: r
        spec:
          rules:
            {rules}
        """;

    private static string Test(string expect) => $"""
        apiVersion: accessbroker.io/v1
        kind: PolicyTest
        metadata:
          name: t
        spec:
          cases:
            - name: c
              now: "2026-01-01T00:00:00Z"
              user: {"{"} name: bob, groups: [devs] {"}"}
              request: {"{"} cluster: prod, namespace: payments, role: view, duration: 1h, reason: x {"}"}
              expect: {"{"} {expect} {"}"}
        """;
}
