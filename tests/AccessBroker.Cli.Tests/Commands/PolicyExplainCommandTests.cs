using System.Text.Json;

namespace AccessBroker.Cli.Tests.Commands;

public class PolicyExplainCommandTests
{
    private static (int ExitCode, string Output, string Error) Explain(string groups, string role, string duration, string reason, params string[] extra) =>
        CliRunner.Run(
        [
            "policy", "explain", "--policies", CliRunner.RepositoryPolicies, "--user", "bob", "--groups", groups,
            "--cluster", "prod-eu", "--namespace", "payments", "--role", role, "--duration", duration, "--reason", reason, .. extra,
        ]);

    [Fact]
    public void Explain_Json_HasTheDecisionFieldNames()
    {
        var (exitCode, output, _) = Explain("payments-devs", "operate", "1h", "INC-7 refunds stuck", "-o", "json");

        exitCode.ShouldBe(0);
        var decision = JsonDocument.Parse(output).RootElement;
        decision.GetProperty("outcome").GetString().ShouldBe("pendingApproval");
        decision.GetProperty("policy").GetString().ShouldBe("payments-prod-change");
        decision.GetProperty("approval").GetProperty("mode").GetString().ShouldBe("manual");
        decision.GetProperty("approval").GetProperty("groups")[0].GetString().ShouldBe("payments-leads");
        decision.GetProperty("approval").GetProperty("count").GetInt32().ShouldBe(1);
        decision.GetProperty("maxDuration").GetString().ShouldBe("4h");
        decision.TryGetProperty("longestAllowedDuration", out _).ShouldBeFalse();
        var explanations = decision.GetProperty("explanations").EnumerateArray().ToList();
        explanations.Count.ShouldBe(RepositoryPolicyCount());
        var matched = explanations.Single(e => e.GetProperty("matched").GetBoolean());
        matched.GetProperty("policy").GetString().ShouldBe("payments-prod-change");
        matched.GetProperty("reason").GetString().ShouldBe("matches: needs 1 approval(s) from [payments-leads], maxDuration 4h");
    }

    [Fact]
    public void Explain_JsonDeniedForDuration_SaysTheLongestAllowed()
    {
        var (_, output, _) = Explain("payments-devs", "operate", "4h1s", "INC-7", "-o", "json");

        var decision = JsonDocument.Parse(output).RootElement;
        decision.GetProperty("outcome").GetString().ShouldBe("denied");
        decision.GetProperty("longestAllowedDuration").GetString().ShouldBe("4h");
        decision.GetProperty("policy").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void Explain_Text_StartsWithTheDecisionAndListsEveryPolicy()
    {
        var (exitCode, output, _) = Explain("payments-devs", "operate", "6h", "INC-7 refunds stuck");

        exitCode.ShouldBe(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("denied: no policy allows this duration; the longest allowed is 4h");
        lines[1].ShouldStartWith("POLICY");
        lines.ShouldContain(l => l.StartsWith("payments-prod-change", StringComparison.Ordinal) && l.EndsWith("no       duration 6h exceeds maxDuration 4h", StringComparison.Ordinal));
        lines.Length.ShouldBe(2 + RepositoryPolicyCount());
    }

    [Fact]
    public void Explain_Text_ApprovedShowsPolicyAndMaxDuration()
    {
        var (_, output, _) = Explain("payments-devs", "view", "1h", "dashboards");

        output.ShouldStartWith("approved by policy payments-prod-view for up to 8h");
    }

    [Fact]
    public void Explain_InvalidDuration_ExitsWithTwo()
    {
        var (exitCode, output, error) = Explain("payments-devs", "view", "1 day", "x");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("--duration: expected a duration like 30m, 4h or 1h30m");
    }

    [Fact]
    public void Explain_MissingRequiredOption_ExitsWithTwo()
    {
        var (exitCode, _, error) = CliRunner.Run("policy", "explain", "--policies", CliRunner.RepositoryPolicies, "--user", "bob");

        exitCode.ShouldBe(2);
        error.ShouldContain("--cluster");
    }

    [Fact]
    public void Explain_At_SetsTheTimeConditionsSee()
    {
        using var folder = new TempPolicyFolder(("p.yaml", PolicyFiles.DevsView(
            "[{ expression: 'now.getHours() >= 8 && now.getHours() < 18', message: only in office hours }]")));
        string[] request = ["policy", "explain", "--policies", folder.Path, "--user", "bob", "--groups", "devs", "--cluster", "c", "-n", "n", "--role", "view", "--duration", "1h"];

        CliRunner.Run(request).Output.ShouldStartWith("approved");
        CliRunner.Run([.. request, "--at", "2026-11-25T22:00:00Z"]).Output.ShouldContain("condition 1 false: only in office hours");
    }

    /// <summary>Every policy in the repository's folder gets an explanation line, however many the folder holds.</summary>
    private static int RepositoryPolicyCount() =>
        Directory.GetFiles(CliRunner.RepositoryPolicies, "*.yaml")
            .Sum(file => File.ReadLines(file).Count(line => line.Trim() == "kind: AccessPolicy"));
}
