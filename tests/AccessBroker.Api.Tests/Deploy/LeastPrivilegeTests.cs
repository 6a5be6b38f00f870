using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AccessBroker.Api.Tests.Deploy;

/// <summary>
/// The broker's rendered Verify-mode RBAC (deploy/rbac/verify) is exactly enough: the whole flow works with it,
/// removing any single permission breaks a step, and it cannot bind a ClusterRole outside accessbroker:*.
/// </summary>
public sealed class LeastPrivilegeTests
{
    /// <summary>For every permission the broker holds, the first step of the flow that fails without it.</summary>
    private static readonly Dictionary<string, string> FirstFailingStep = new(StringComparer.Ordinal)
    {
        ["Role core/serviceaccounts create"] = LeastPrivilegeFlow.RequestApprove,
        ["Role core/serviceaccounts delete"] = LeastPrivilegeFlow.OrphanSweep,
        ["Role core/serviceaccounts get"] = LeastPrivilegeFlow.RequestApprove,
        ["Role core/serviceaccounts list"] = LeastPrivilegeFlow.OrphanSweep,
        ["Role core/serviceaccounts/token create"] = LeastPrivilegeFlow.Credential,
        ["Role coordination.k8s.io/leases create"] = LeastPrivilegeFlow.Leader,
        ["Role coordination.k8s.io/leases get [accessbroker-leader]"] = LeastPrivilegeFlow.Leader,
        ["Role coordination.k8s.io/leases update [accessbroker-leader]"] = LeastPrivilegeFlow.Leader,
        ["ClusterRole rbac.authorization.k8s.io/rolebindings create"] = LeastPrivilegeFlow.RequestApprove,
        ["ClusterRole rbac.authorization.k8s.io/rolebindings delete"] = LeastPrivilegeFlow.OrphanSweep,
        ["ClusterRole rbac.authorization.k8s.io/rolebindings get"] = LeastPrivilegeFlow.RequestApprove,
        ["ClusterRole rbac.authorization.k8s.io/rolebindings list"] = LeastPrivilegeFlow.OrphanSweep,
        ["ClusterRole rbac.authorization.k8s.io/clusterroles bind [accessbroker:break-glass,accessbroker:operate,accessbroker:troubleshoot,accessbroker:view]"] = LeastPrivilegeFlow.RequestApprove,
        ["ClusterRole rbac.authorization.k8s.io/clusterroles get [accessbroker:break-glass,accessbroker:operate,accessbroker:troubleshoot,accessbroker:view]"] = LeastPrivilegeFlow.Ready,
        ["ClusterRole authorization.k8s.io/subjectaccessreviews create"] = LeastPrivilegeFlow.Revoke,
    };

    public static TheoryData<RbacPermission> VerifyPermissions => new(BrokerRbacManifest.Permissions("verify"));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithTheRenderedVerifyRbac_TheWholeFlowSucceeds_AsTheBrokersOwnServiceAccount()
    {
        await using var flow = await LeastPrivilegeFlow.StartAsync(BrokerRbacManifest.Load("verify"));

        var (failedStep, failure) = await flow.RunAsync();

        failedStep.ShouldBeNull(failure?.ToString());
    }

    [Theory]
    [MemberData(nameof(VerifyPermissions))]
    public async Task WithoutAnyOnePermission_SomeStepOfTheFlowFails(RbacPermission permission)
    {
        FirstFailingStep.ShouldContainKey(permission.ToString(), $"a new permission was rendered: add which step needs '{permission}' to {nameof(FirstFailingStep)}");
        await using var flow = await LeastPrivilegeFlow.StartAsync(BrokerRbacManifest.Without("verify", permission));

        var (failedStep, failure) = await flow.RunAsync();

        failedStep.ShouldBe(FirstFailingStep[permission.ToString()], failure?.ToString());
    }

    [Fact]
    public async Task BrokerToken_CannotBindAClusterRoleOutsideItsTemplates_NorCreateOne()
    {
        await using var flow = await LeastPrivilegeFlow.StartAsync(BrokerRbacManifest.Load("verify"));
        using var broker = flow.BrokerClient();

        var toTemplate = await broker.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("allowed", "accessbroker:view"), "payments", cancellationToken: Cancellation);
        var toClusterAdmin = await Should.ThrowAsync<HttpOperationException>(() =>
            broker.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("grab", "cluster-admin"), "payments", cancellationToken: Cancellation));
        var newRole = await Should.ThrowAsync<HttpOperationException>(() => broker.RbacAuthorizationV1.CreateClusterRoleAsync(
            new V1ClusterRole { Metadata = new V1ObjectMeta { Name = "accessbroker:mine" }, Rules = [new V1PolicyRule { ApiGroups = ["*"], Resources = ["*"], Verbs = ["*"] }] },
            cancellationToken: Cancellation));

        toTemplate.Metadata.Name.ShouldBe("allowed");
        toClusterAdmin.Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        toClusterAdmin.Response.Content.ShouldContain("is attempting to grant RBAC permissions not currently held");
        newRole.Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WithTheRenderedManageRbac_TheBrokerCreatesTheTemplateClusterRolesItself()
    {
        await using var flow = await LeastPrivilegeFlow.StartAsync(
            BrokerRbacManifest.Load("manage"), roleTemplates: "Manage", includeClusterRole: role => !role.Metadata.Name.StartsWith("accessbroker:", StringComparison.Ordinal));

        var (failedStep, failure) = await flow.RunAsync();

        failedStep.ShouldBeNull(failure?.ToString());
        var created = (await flow.Admin.RbacAuthorizationV1.ListClusterRoleAsync(cancellationToken: Cancellation)).Items
            .Where(role => role.Metadata.Name.StartsWith("accessbroker:", StringComparison.Ordinal)).Select(role => role.Metadata.Name).Order(StringComparer.Ordinal);
        created.ShouldBe(BrokerRbacManifest.Load("manage").OfType<V1ClusterRole>().Select(role => role.Metadata.Name).Where(name => name.StartsWith("accessbroker:", StringComparison.Ordinal)));
    }

    private static V1RoleBinding Binding(string name, string clusterRole) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = clusterRole },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = BrokerRbacManifest.ServiceAccount, NamespaceProperty = BrokerRbacManifest.Namespace }],
    };
}
