using System.Text.Json;
using AccessBroker.Core.Policies;
using static AccessBroker.Core.Tests.Policies.PolicyFixtures;

namespace AccessBroker.Core.Tests.Policies;

public class PolicyJsonTests
{
    [Fact]
    public void Serialize_Decision_UsesTheDocumentedFieldNamesAndDurations()
    {
        var decision = new PolicyDecision(
            DecisionOutcome.PendingApproval, "p", new ApprovalRequirement(ApprovalMode.Manual, ["leads"], 2),
            TimeSpan.FromMinutes(90), null, [new PolicyExplanation("p", true, "matches")]);

        var json = JsonSerializer.Serialize(decision, PolicyJson.Options);

        JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)
            .ShouldBe(["outcome", "policy", "approval", "maxDuration", "explanations"]);
        json.ShouldContain("\"outcome\": \"pendingApproval\"");
        json.ShouldContain("\"mode\": \"manual\"");
        json.ShouldContain("\"maxDuration\": \"1h30m\"");
    }

    [Fact]
    public void Serialize_DeniedForDuration_IncludesLongestAllowedDuration()
    {
        var decision = new PolicyDecision(DecisionOutcome.Denied, null, null, null, TimeSpan.FromHours(4), []);

        var root = JsonDocument.Parse(JsonSerializer.Serialize(decision, PolicyJson.Options)).RootElement;

        root.GetProperty("longestAllowedDuration").GetString().ShouldBe("4h");
        root.GetProperty("outcome").GetString().ShouldBe("denied");
    }

    [Fact]
    public void Serialize_Policy_WritesGlobsAsPatternsAndLeavesCompiledConditionsOut()
    {
        var policy = LoadSet(Policy("payments-oncall", PaymentsSpec)).Policies[0];

        var root = JsonDocument.Parse(JsonSerializer.Serialize(policy, PolicyJson.Options)).RootElement;

        root.GetProperty("clusters")[0].GetString().ShouldBe("prod-*");
        root.GetProperty("maxDuration").GetString().ShouldBe("1h30m");
        root.GetProperty("approval").GetProperty("mode").GetString().ShouldBe("manual");
        var condition = root.GetProperty("conditions")[0];
        condition.EnumerateObject().Select(p => p.Name).ShouldBe(["expression", "message", "source"]);
        root.TryGetProperty("isDeny", out _).ShouldBeFalse();
    }

    [Fact]
    public void Serialize_RoleTemplate_WritesActionsInCamelCase()
    {
        var template = LoadSet().FindRoleTemplate("troubleshoot")!;

        var root = JsonDocument.Parse(JsonSerializer.Serialize(template, PolicyJson.Options)).RootElement;

        root.GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ShouldBe(["logs", "exec"]);
        root.GetProperty("rules")[1].GetProperty("nonResourceURLs")[0].GetString().ShouldBe("/healthz");
    }
}
