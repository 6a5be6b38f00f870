namespace AccessBroker.Cli.Tests.Commands;

public class PolicyTestCommandTests
{
    private static string TestCase(string groups, string outcome) => $$"""
        apiVersion: accessbroker.io/v1
        kind: PolicyTest
        metadata: { name: devs }
        spec:
          cases:
            - name: devs may view
              user: { name: bob, groups: [{{groups}}] }
              request: { cluster: prod, namespace: shop, role: view, duration: 1h, reason: look }
              expect: { outcome: {{outcome}} }
        """;

    [Fact]
    public void PolicyTest_ExamplePolicies_AllCasesPass()
    {
        var (exitCode, output, error) = CliRunner.Run("policy", "test", CliRunner.RepositoryPolicies);

        error.ShouldBeEmpty();
        exitCode.ShouldBe(0);
        output.ShouldContain("PASS  oncall: kube-system is denied even during an incident");
        output.ShouldNotContain("FAIL", Case.Sensitive);
        output.TrimEnd().ShouldEndWith(" passed, 0 failed");
    }

    [Fact]
    public void PolicyTest_PassingCase_PrintsPassAndSummary()
    {
        using var folder = new TempPolicyFolder(("policies.yaml", PolicyFiles.DevsView()), ("tests.yaml", TestCase("devs", "approved")));

        var (exitCode, output, _) = CliRunner.Run("policy", "test", folder.Path);

        exitCode.ShouldBe(0);
        output.ShouldBe("PASS  devs: devs may view\n1 passed, 0 failed\n", StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void PolicyTest_FailingCase_PrintsWhyAndExitsWithOne()
    {
        using var folder = new TempPolicyFolder(("policies.yaml", PolicyFiles.DevsView()), ("tests.yaml", TestCase("web", "approved")));

        var (exitCode, output, _) = CliRunner.Run("policy", "test", folder.Path);

        exitCode.ShouldBe(1);
        output.ShouldContain("FAIL  devs: devs may view");
        output.ShouldContain("tests.yaml:6:7: expected approved, got denied");
        output.ShouldContain("devs-view: subject: user not in groups [devs]");
        output.ShouldEndWith("0 passed, 1 failed\n", Case.Sensitive);
    }

    [Fact]
    public void PolicyTest_InvalidFile_PrintsPositionedErrorsAndExitsWithTwo()
    {
        using var folder = new TempPolicyFolder(("policies.yaml", PolicyFiles.DevsView().Replace("maxDuration: 1h", "maxDuration: 1 hour", StringComparison.Ordinal)), ("tests.yaml", TestCase("devs", "approved")));

        var (exitCode, output, error) = CliRunner.Run("policy", "test", folder.Path);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("policies.yaml:15:16: spec.maxDuration: expected a duration like 30m, 4h or 1h30m, found '1 hour'");
    }

    [Fact]
    public void PolicyTest_FolderWithoutTests_ExitsWithTwo()
    {
        using var folder = new TempPolicyFolder(("policies.yaml", PolicyFiles.DevsView()));

        var (exitCode, _, error) = CliRunner.Run("policy", "test", folder.Path);

        exitCode.ShouldBe(2);
        error.ShouldContain("no PolicyTest cases");
    }

    [Fact]
    public void UnknownCommand_ExitsWithTwo()
    {
        var (exitCode, _, error) = CliRunner.Run("policy", "lint");

        exitCode.ShouldBe(2);
        error.ShouldContain("'lint'");
    }
}
