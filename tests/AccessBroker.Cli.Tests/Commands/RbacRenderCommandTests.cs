using k8s;
using k8s.Models;

namespace AccessBroker.Cli.Tests.Commands;

public class RbacRenderCommandTests
{
    [Theory]
    [InlineData("verify")]
    [InlineData("manage")]
    public void CommittedDeployRbac_IsExactlyWhatRenderPrintsForTheExamplePolicies(string mode)
    {
        var committed = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "deploy", "rbac", mode, "broker-rbac.yaml"));

        var (exitCode, output, error) = CliRunner.Run("rbac", "render", "--policies", CliRunner.RepositoryPolicies, "--mode", mode);

        error.ShouldBeEmpty();
        exitCode.ShouldBe(0);
        output.ShouldBe(committed, $"deploy/rbac/{mode}/broker-rbac.yaml is stale: run abctl rbac render --policies policies --mode {mode} -o deploy/rbac/{mode}/broker-rbac.yaml");
    }

    [Fact]
    public void Render_Verify_BindsAndReadsOnlyTheTemplateClusterRoles_AndNeverWritesClusterRoles()
    {
        var objects = RenderExamplePolicies("verify");

        var clusterRole = objects.OfType<V1ClusterRole>().Single(role => role.Metadata.Name == "accessbroker");
        var clusterRoleRules = clusterRole.Rules.Where(rule => rule.Resources.Contains("clusterroles")).ToList();
        clusterRoleRules.ShouldHaveSingleItem().Verbs.ShouldBe(["bind", "get"]);
        clusterRoleRules[0].ResourceNames.ShouldBe(["accessbroker:break-glass", "accessbroker:operate", "accessbroker:troubleshoot", "accessbroker:view"]);
        objects.OfType<V1ClusterRole>().Where(role => role.Metadata.Name.StartsWith("accessbroker:", StringComparison.Ordinal)).Select(role => role.Metadata.Name)
            .ShouldBe(clusterRoleRules[0].ResourceNames);
        var brokerRules = clusterRole.Rules.Concat(objects.OfType<V1Role>().Single().Rules).ToList();
        brokerRules.ShouldAllBe(rule => !rule.Verbs.Contains("*") && !rule.Resources.Contains("*") && !rule.ApiGroups.Contains("*"));
        brokerRules.SelectMany(rule => rule.Resources).ShouldNotContain("secrets");
        brokerRules.SelectMany(rule => rule.Verbs).ShouldNotContain("impersonate");
        brokerRules.SelectMany(rule => rule.Verbs).ShouldNotContain("escalate");
    }

    [Fact]
    public void Render_BrokerRole_CoversServiceAccountsTokensAndItsLeaseInTheBrokerNamespace()
    {
        var objects = RenderExamplePolicies("verify", "--broker-namespace", "jit", "--service-account", "broker", "--lease-name", "broker-lock");

        var role = objects.OfType<V1Role>().ShouldHaveSingleItem();
        role.Metadata.NamespaceProperty.ShouldBe("jit");
        role.Rules.Select(rule => $"{string.Join(',', rule.Resources)}:{string.Join(',', rule.Verbs)}:{string.Join(',', rule.ResourceNames ?? [])}")
            .ShouldBe(["serviceaccounts:create,delete,get,list:", "serviceaccounts/token:create:", "leases:create:", "leases:get,update:broker-lock"]);
        var account = objects.OfType<V1ServiceAccount>().ShouldHaveSingleItem();
        (account.Metadata.NamespaceProperty, account.Metadata.Name).ShouldBe(("jit", "broker"));
        objects.OfType<V1ClusterRoleBinding>().ShouldHaveSingleItem().Subjects.ShouldHaveSingleItem().NamespaceProperty.ShouldBe("jit");
        account.Metadata.Labels.ShouldNotContainKey("app.kubernetes.io/managed-by");
    }

    [Fact]
    public void Render_Manage_AddsCreateAndEscalateOnClusterRoles_AndUpdateOnlyOnTheTemplateOnes()
    {
        var clusterRole = RenderExamplePolicies("manage").OfType<V1ClusterRole>().Single(role => role.Metadata.Name == "accessbroker");

        var rules = clusterRole.Rules.Where(rule => rule.Resources.Contains("clusterroles")).ToList();
        rules.Count.ShouldBe(2);
        rules.Single(rule => rule.ResourceNames is { Count: > 0 }).Verbs.ShouldBe(["bind", "get", "update"]);
        rules.Single(rule => rule.ResourceNames is null).Verbs.ShouldBe(["create", "escalate"]);
    }

    [Fact]
    public void Render_NoRoleTemplates_HasNoClusterRoleRuleAtAll()
    {
        using var folder = new TempPolicyFolder(("policies.yaml", "# no role templates yet\n"));

        var (exitCode, output, _) = CliRunner.Run("rbac", "render", "--policies", folder.Path);

        exitCode.ShouldBe(0);
        // resourceNames: [] would mean every ClusterRole, so no templates means no bind at all.
        KubernetesYaml.LoadAllFromString(output).OfType<V1ClusterRole>().ShouldHaveSingleItem().Rules
            .ShouldNotContain(rule => rule.Resources.Contains("clusterroles"));
    }

    [Fact]
    public void Render_WithOutputFile_WritesTheFileAndPrintsNothing()
    {
        using var folder = new TempPolicyFolder(("policies.yaml", PolicyFiles.DevsView()));
        var file = Path.Combine(folder.Path, "out.yaml");

        var (exitCode, output, _) = CliRunner.Run("rbac", "render", "--policies", folder.Path, "-o", file);

        exitCode.ShouldBe(0);
        output.ShouldBeEmpty();
        KubernetesYaml.LoadAllFromString(File.ReadAllText(file)).OfType<V1ClusterRole>().Select(role => role.Metadata.Name).ShouldBe(["accessbroker", "accessbroker:view"]);
    }

    [Fact]
    public void Render_InvalidPolicyFolder_SaysWhereAndExitsWithTwo()
    {
        using var folder = new TempPolicyFolder(("policies.yaml", PolicyFiles.DevsView().Replace("maxDuration: 1h", "maxDuration: 1 hour", StringComparison.Ordinal)));

        var (exitCode, output, error) = CliRunner.Run("rbac", "render", "--policies", folder.Path);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("policies.yaml:");
        error.ShouldContain("no policy was loaded");
    }

    [Theory]
    [InlineData("--mode", "admin", "admin")]
    [InlineData("--broker-namespace", "Access_Broker", "--broker-namespace 'Access_Broker'")]
    public void Render_BadOption_OneLineAndExitsWithTwo(string option, string value, string expected)
    {
        using var folder = new TempPolicyFolder(("policies.yaml", PolicyFiles.DevsView()));

        var (exitCode, output, error) = CliRunner.Run("rbac", "render", "--policies", folder.Path, option, value);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("abctl: ");
        error.ShouldContain(expected);
    }

    [Fact]
    public void Render_WithoutPolicies_IsAUsageError()
    {
        var (exitCode, _, error) = CliRunner.Run("rbac", "render");

        exitCode.ShouldBe(2);
        error.ShouldContain("--policies");
    }

    private static List<IKubernetesObject> RenderExamplePolicies(string mode, params string[] extra)
    {
        var (exitCode, output, error) = CliRunner.Run(["rbac", "render", "--policies", CliRunner.RepositoryPolicies, "--mode", mode, .. extra]);
        exitCode.ShouldBe(0, error);
        return KubernetesYaml.LoadAllFromString(output).OfType<IKubernetesObject>().ToList();
    }
}
