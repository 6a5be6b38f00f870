using System.Net;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Rbac;

/// <summary>RBAC escalation prevention (pkg/registry/rbac/*/policybased): bind, escalate, or already hold the permissions.</summary>
public sealed class EscalationTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private const string Rbac = "/apis/rbac.authorization.k8s.io/v1";

    /// <summary>A ServiceAccount that may manage RoleBindings and Roles in its namespace, plus the given extra rules.</summary>
    private async Task<(string Ns, ApiClient Client)> BinderAsync(params (string[] Verbs, string[] Groups, string[] Resources, string[]? Names)[] extra)
    {
        var ns = await sim.NewNamespaceAsync();
        var rules = new[] { (new[] { "create", "update", "get" }, new[] { "rbac.authorization.k8s.io" }, new[] { "rolebindings", "roles" }, (string[]?)null) }
            .Concat(extra).ToArray();
        await sim.CreateAsync($"{Rbac}/namespaces/{ns}/roles", Objects.Role("Role", "binder", rules));
        var client = await sim.ServiceAccountClientAsync(ns, "binder");
        await sim.CreateAsync($"{Rbac}/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "binder", "Role", "binder", Objects.ServiceAccountSubject(ns, "binder")));
        return (ns, client);
    }

    private async Task<string> ClusterRoleAsync(params (string[] Verbs, string[] Groups, string[] Resources, string[]? Names)[] rules)
    {
        var name = $"grant-{Guid.NewGuid():N}"[..20];
        await sim.CreateAsync($"{Rbac}/clusterroles", Objects.Role("ClusterRole", name, rules));
        return name;
    }

    [Fact]
    public async Task Binding_ToRoleWithPermissionsNotHeld_IsForbidden()
    {
        var (ns, client) = await BinderAsync();
        var powerful = await ClusterRoleAsync((["get", "list"], [""], ["secrets"], null));

        var response = await client.PostAsync($"{Rbac}/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "grab", "ClusterRole", powerful, Objects.ServiceAccountSubject(ns, "binder")));

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response["message"].ShouldStartWith($"rolebindings.rbac.authorization.k8s.io \"grab\" is forbidden: user \"system:serviceaccount:{ns}:binder\"");
        response.Message.ShouldContain("is attempting to grant RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}");
        response.Message.ShouldContain("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"list\"]}");
    }

    [Fact]
    public async Task Binding_WithBindVerbOnTheRoleName_IsAllowed()
    {
        var powerful = await ClusterRoleAsync((["*"], ["*"], ["*"], null));
        var (ns, client) = await BinderAsync((["bind"], ["rbac.authorization.k8s.io"], ["clusterroles"], [powerful]));

        var response = await client.PostAsync($"{Rbac}/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "grant", "ClusterRole", powerful, Objects.ServiceAccountSubject(ns, "someone")));

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
    }

    [Fact]
    public async Task Binding_WithBindOnAnotherName_IsForbidden()
    {
        var powerful = await ClusterRoleAsync((["*"], ["*"], ["*"], null));
        var (ns, client) = await BinderAsync((["bind"], ["rbac.authorization.k8s.io"], ["clusterroles"], ["accessbroker:view"]));

        var response = await client.PostAsync($"{Rbac}/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "grant", "ClusterRole", powerful, Objects.ServiceAccountSubject(ns, "someone")));

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Binding_ToRoleWhosePermissionsAreHeld_IsAllowed()
    {
        var (ns, client) = await BinderAsync((["get", "list"], [""], ["pods", "pods/log"], null));
        var subset = await ClusterRoleAsync((["get"], [""], ["pods/log"], null));

        var response = await client.PostAsync($"{Rbac}/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "logs", "ClusterRole", subset, Objects.ServiceAccountSubject(ns, "someone")));

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
    }

    [Fact]
    public async Task Binding_ToMissingRole_Returns404()
    {
        var (ns, client) = await BinderAsync();

        var response = await client.PostAsync($"{Rbac}/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "dangling", "ClusterRole", "does-not-exist", Objects.ServiceAccountSubject(ns, "x")));

        response.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Role_GrantingMoreThanHeld_IsForbidden_UnlessEscalateIsGranted()
    {
        var (ns, client) = await BinderAsync();
        var (escalatorNs, escalator) = await BinderAsync((["escalate"], ["rbac.authorization.k8s.io"], ["roles"], null));
        var greedy = Objects.Role("Role", "greedy", (["delete"], ["apps"], ["deployments"], null));

        var refused = await client.PostAsync($"{Rbac}/namespaces/{ns}/roles", greedy);
        var allowed = await escalator.PostAsync($"{Rbac}/namespaces/{escalatorNs}/roles", greedy);

        refused.Status.ShouldBe(HttpStatusCode.Forbidden);
        refused.Message.ShouldContain("{APIGroups:[\"apps\"], Resources:[\"deployments\"], Verbs:[\"delete\"]}");
        allowed.Status.ShouldBe(HttpStatusCode.Created, allowed.Text);
    }

    [Fact]
    public async Task EscalateLimitedByResourceNames_CoversUpdatingThatRole_ButNeverACreate()
    {
        // RoleEscalationAuthorized takes the name from the URL: a create (POST to the collection) has none.
        var (ns, client) = await BinderAsync((["escalate"], ["rbac.authorization.k8s.io"], ["roles"], ["greedy"]));
        var greedy = Objects.Role("Role", "greedy", (["delete"], ["apps"], ["deployments"], null));

        var refusedCreate = await client.PostAsync($"{Rbac}/namespaces/{ns}/roles", greedy);
        var created = (await sim.CreateAsync($"{Rbac}/namespaces/{ns}/roles", greedy)).Json;
        created["rules"]!.AsArray().Add(Objects.Role("Role", "x", (["deletecollection"], ["apps"], ["deployments"], null))["rules"]![0]!.DeepClone());
        var allowedUpdate = await client.PutAsync($"{Rbac}/namespaces/{ns}/roles/greedy", created);

        refusedCreate.Status.ShouldBe(HttpStatusCode.Forbidden);
        refusedCreate.Message.ShouldContain("is attempting to grant RBAC permissions not currently held");
        allowedUpdate.Status.ShouldBe(HttpStatusCode.OK, allowedUpdate.Text);
    }

    [Fact]
    public async Task Role_WithinHeldPermissions_IsAllowed()
    {
        var (ns, client) = await BinderAsync((["get"], ["apps"], ["deployments"], null));

        var response = await client.PostAsync($"{Rbac}/namespaces/{ns}/roles",
            Objects.Role("Role", "modest", (["get"], ["apps"], ["deployments"], ["web"])));

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
    }

    [Fact]
    public async Task Binding_RoleRefCannotChange()
    {
        var ns = await sim.NewNamespaceAsync();
        var first = await ClusterRoleAsync((["get"], [""], ["pods"], null));
        var second = await ClusterRoleAsync((["list"], [""], ["pods"], null));
        var created = (await sim.CreateAsync($"{Rbac}/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "fixed", "ClusterRole", first, Objects.ServiceAccountSubject(ns, "x")))).Json;
        created["roleRef"]!["name"] = second;

        var response = await sim.Admin.PutAsync($"{Rbac}/namespaces/{ns}/rolebindings/fixed", created);

        response.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response["details.causes.0.field"].ShouldBe("roleRef");
    }
}
