using AccessBroker.Core.Policies;
using static AccessBroker.Core.Tests.Policies.PolicyFixtures;

namespace AccessBroker.Core.Tests.Policies;

public class PolicyLoaderTests
{
    [Fact]
    public void Load_ValidFiles_BuildsRoleTemplatesAndPolicies()
    {
        var set = LoadSet(Policy("payments-oncall", PaymentsSpec));

        set.RoleTemplates.Select(r => r.Name).ShouldBe(["view", "troubleshoot", "operate"]);
        var troubleshoot = set.FindRoleTemplate("troubleshoot")!;
        troubleshoot.Actions.ShouldBe([BrokeredAction.Logs, BrokeredAction.Exec]);
        var execRule = troubleshoot.Rules[0];
        execRule.ApiGroups.ShouldBe([""]);
        execRule.Resources.ShouldBe(["pods/exec"]);
        execRule.ResourceNames.ShouldBe(["api-0"]);
        execRule.Verbs.ShouldBe(["create"]);
        execRule.NonResourceUrls.ShouldBeEmpty();
        troubleshoot.Rules[1].NonResourceUrls.ShouldBe(["/healthz"]);
        set.FindRoleTemplate("operate")!.Actions.ShouldBeEmpty();

        var policy = set.Policies.ShouldHaveSingleItem();
        policy.Name.ShouldBe("payments-oncall");
        policy.Subjects.Groups.ShouldBe(["payments-devs"]);
        policy.Subjects.Users.ShouldBe(["alice"]);
        policy.Clusters.Select(c => c.Pattern).ShouldBe(["prod-*", "staging"]);
        policy.MaxDuration.ShouldBe(TimeSpan.FromMinutes(90));
        (policy.Approval.Mode, policy.Approval.Count).ShouldBe((ApprovalMode.Manual, 2));
        policy.Approval.Groups.ShouldBe(["payments-leads"]);
        policy.Conditions.ShouldHaveSingleItem().Message.ShouldBe("reason must name an incident");
        policy.Source.ShouldBe(new SourcePosition("policies.yaml", 1, 1));
    }

    [Fact]
    public void Load_SameFiles_GiveSameHash_AndAnyChangeGivesAnother()
    {
        var first = LoadSet(Policy("a", PaymentsSpec));
        var again = LoadSet(Policy("a", PaymentsSpec));
        var changed = LoadSet(Policy("a", PaymentsSpec.Replace("1h30m", "2h", StringComparison.Ordinal)));

        first.Sha256.ShouldMatch("^[0-9a-f]{64}$");
        again.Sha256.ShouldBe(first.Sha256);
        changed.Sha256.ShouldNotBe(first.Sha256);
    }

    [Fact]
    public void Load_HashDoesNotDependOnTheOrderFilesAreGiven()
    {
        PolicySourceFile[] files = [new("b.yaml", RoleTemplates), new("a.yaml", Policy("p", PaymentsSpec))];

        PolicyLoader.Load(files).Set!.Sha256.ShouldBe(PolicyLoader.Load(files.Reverse()).Set!.Sha256);
    }

    [Fact]
    public void Load_OneBadFileAmongGoodOnes_RejectsTheWholeSet()
    {
        var result = Load(Policy("good", PaymentsSpec), Policy("bad", PaymentsSpec.Replace("1h30m", "forever", StringComparison.Ordinal)));

        result.Succeeded.ShouldBeFalse();
        result.Set.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().Message.ShouldContain("spec.maxDuration");
    }

    [Fact]
    public void Load_ReportsEveryErrorAtOnce()
    {
        var spec = PaymentsSpec.Replace("1h30m", "4 hours", StringComparison.Ordinal).Replace("count: 2", "count: 0", StringComparison.Ordinal);

        Load(Policy("p", spec)).Errors.Count.ShouldBe(2);
    }

    [Fact]
    public void Load_DocumentWithABadName_StillReportsTheErrorsOfItsSpec()
    {
        var errors = Load(Policy("Bad_Name", PaymentsSpec.Replace("1h30m", "later", StringComparison.Ordinal))).Errors;

        errors.Select(e => e.Message.Split(':')[0]).ShouldBe(["metadata.name", "spec.maxDuration"]);
    }

    [Fact]
    public void Load_PolicyTestDocuments_AreTestsNotPolicies()
    {
        var test = """
            apiVersion: accessbroker.io/v1
            kind: PolicyTest
            metadata:
              name: oncall
            spec:
              cases:
                - name: dev gets troubleshoot
                  user: { name: bob, groups: [payments-devs] }
                  request: { cluster: prod-eu, namespace: payments, role: troubleshoot, duration: 1h, reason: INC-1 }
                  now: "2026-11-25T03:00:00Z"
                  expect: { outcome: pendingApproval, policy: p }
            """;

        var result = Load(Policy("p", PaymentsSpec), test);

        result.Set!.Policies.Count.ShouldBe(1);
        var testCase = result.Tests.ShouldHaveSingleItem();
        testCase.Suite.ShouldBe("oncall");
        (testCase.User.Subject, testCase.User.Name, testCase.User.Email).ShouldBe(("bob", "bob", ""));
        testCase.User.Groups.ShouldBe(["payments-devs"]);
        testCase.Request.Duration.ShouldBe(TimeSpan.FromHours(1));
        testCase.Now.ShouldBe(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        testCase.ExpectedOutcome.ShouldBe(DecisionOutcome.PendingApproval);
        testCase.ExpectedPolicy.ShouldBe("p");
    }

    [Fact]
    public void LoadDirectory_ReadsYamlAndYmlRecursively_AndIgnoresOtherFiles()
    {
        var directory = Directory.CreateTempSubdirectory("policies-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "roles.yml"), RoleTemplates);
            Directory.CreateDirectory(Path.Combine(directory.FullName, "teams"));
            File.WriteAllText(Path.Combine(directory.FullName, "teams", "payments.yaml"), Policy("p", PaymentsSpec));
            File.WriteAllText(Path.Combine(directory.FullName, "README.md"), "not: [yaml");

            var result = PolicyLoader.LoadDirectory(directory.FullName);

            result.Errors.ShouldBeEmpty();
            result.Set!.Policies.ShouldHaveSingleItem().Source.File.ShouldBe("teams/payments.yaml");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadDirectory_SkipsHiddenFilesAndFolders_LikeAConfigMapVolumesDataLinks()
    {
        var directory = Directory.CreateTempSubdirectory("policies-");
        try
        {
            var data = Directory.CreateDirectory(Path.Combine(directory.FullName, "..2026_11_25_10_00_00.123"));
            File.WriteAllText(Path.Combine(data.FullName, "policies.yaml"), RoleTemplates);
            File.CreateSymbolicLink(Path.Combine(directory.FullName, "..data"), data.FullName);
            File.CreateSymbolicLink(Path.Combine(directory.FullName, "policies.yaml"), Path.Combine(directory.FullName, "..data", "policies.yaml"));
            File.WriteAllText(Path.Combine(directory.FullName, ".#policies.yaml"), "not: [yaml");

            var result = PolicyLoader.LoadDirectory(directory.FullName);

            result.Errors.ShouldBeEmpty();
            result.Set!.RoleTemplates.Count.ShouldBe(3);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadDirectory_MissingFolder_IsAnError()
    {
        var result = PolicyLoader.LoadDirectory("/nonexistent/policies");

        result.Errors.ShouldHaveSingleItem().Message.ShouldBe("policy folder does not exist");
    }
}
