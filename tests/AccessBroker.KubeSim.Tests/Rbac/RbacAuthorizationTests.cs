using System.Net;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Rbac;

public sealed class RbacAuthorizationTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private async Task BindAsync(string ns, string bindingName, string roleKind, string roleName, JsonObject subject) =>
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", bindingName, roleKind, roleName, subject));

    [Fact]
    public async Task Forbidden_BodyMatchesTheApiServer()
    {
        var ns = await sim.NewNamespaceAsync();
        using var client = await sim.ServiceAccountClientAsync(ns, "nobody");

        var response = await client.GetAsync($"/api/v1/namespaces/{ns}/secrets/db-password");

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        JsonNode.DeepEquals(response.Json, JsonNode.Parse($$"""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"secrets \"db-password\" is forbidden: User \"system:serviceaccount:{{ns}}:nobody\" cannot get resource \"secrets\" in API group \"\" in the namespace \"{{ns}}\"",
             "reason":"Forbidden","details":{"name":"db-password","kind":"secrets"},"code":403}
            """)).ShouldBeTrue(response.Text);
    }

    [Fact]
    public async Task ClusterRoleBoundByRoleBinding_AppliesOnlyInThatNamespace()
    {
        var ns = await sim.NewNamespaceAsync();
        var elsewhere = await sim.NewNamespaceAsync();
        var role = $"pod-reader-{ns}";
        await sim.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles",
            Objects.Role("ClusterRole", role, (["get", "list"], [""], ["pods"], null)));
        using var client = await sim.ServiceAccountClientAsync(ns, "reader");
        await BindAsync(ns, "reader", "ClusterRole", role, Objects.ServiceAccountSubject(ns, "reader"));

        (await client.GetAsync($"/api/v1/namespaces/{ns}/pods")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/namespaces/{elsewhere}/pods")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/v1/pods")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GroupSubject_AllServiceAccountsOfNamespace()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles",
            Objects.Role("Role", "sa-lister", (["list"], [""], ["serviceaccounts"], null)));
        await BindAsync(ns, "all-sas", "Role", "sa-lister", Objects.GroupSubject($"system:serviceaccounts:{ns}"));
        using var client = await sim.ServiceAccountClientAsync(ns, "any-member");

        (await client.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.DeleteAsync($"/api/v1/namespaces/{ns}/serviceaccounts/default")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Subresources_AreAuthorizedSeparately()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment("web", "nginx:1.25"));
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles",
            Objects.Role("Role", "scaler", (["get", "patch"], ["apps"], ["deployments/scale"], null)));
        using var client = await sim.ServiceAccountClientAsync(ns, "scaler");
        await BindAsync(ns, "scaler", "Role", "scaler", Objects.ServiceAccountSubject(ns, "scaler"));

        var scale = await client.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web/scale",
            JsonNode.Parse("""{"spec":{"replicas":3}}""")!, "application/merge-patch+json");
        var direct = await client.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web",
            JsonNode.Parse("""{"spec":{"replicas":4}}""")!, "application/merge-patch+json");

        scale.Status.ShouldBe(HttpStatusCode.OK, scale.Text);
        direct.Status.ShouldBe(HttpStatusCode.Forbidden);
        direct.Message.ShouldContain("cannot patch resource \"deployments\" in API group \"apps\"");
    }

    [Fact]
    public async Task ResourceNames_LimitAccessToNamedObjects()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles",
            Objects.Role("Role", "one-sa", (["get"], [""], ["serviceaccounts"], ["default"])));
        using var client = await sim.ServiceAccountClientAsync(ns, "named");
        await BindAsync(ns, "named", "Role", "one-sa", Objects.ServiceAccountSubject(ns, "named"));

        (await client.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/default")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/named")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SelfSubjectAccessReview_AnswersForTheCaller()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles",
            Objects.Role("Role", "logs", (["get"], [""], ["pods/log"], null)));
        using var client = await sim.ServiceAccountClientAsync(ns, "asker");
        await BindAsync(ns, "logs", "Role", "logs", Objects.ServiceAccountSubject(ns, "asker"));

        async Task<bool> CanAsync(string verb, string resource, string subresource)
        {
            var review = await client.PostAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", new JsonObject
            {
                ["apiVersion"] = "authorization.k8s.io/v1",
                ["kind"] = "SelfSubjectAccessReview",
                ["spec"] = new JsonObject
                {
                    ["resourceAttributes"] = new JsonObject { ["namespace"] = ns, ["verb"] = verb, ["resource"] = resource, ["subresource"] = subresource },
                },
            });
            review.Status.ShouldBe(HttpStatusCode.Created, review.Text);
            return review.Resolve("status.allowed")!.GetValue<bool>();
        }

        (await CanAsync("get", "pods", "log")).ShouldBeTrue();
        (await CanAsync("create", "pods", "exec")).ShouldBeFalse();
    }

    [Fact]
    public async Task SelfSubjectRulesReview_ListsTheCallersRulesInTheNamespace()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles",
            Objects.Role("Role", "restart", (["patch"], ["apps"], ["deployments"], ["web"])));
        using var client = await sim.ServiceAccountClientAsync(ns, "lister");
        await BindAsync(ns, "restart", "Role", "restart", Objects.ServiceAccountSubject(ns, "lister"));

        var review = await client.PostAsync("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectRulesReview",
            ["spec"] = new JsonObject { ["namespace"] = ns },
        });

        review.Status.ShouldBe(HttpStatusCode.Created, review.Text);
        review.Json["status"]!["resourceRules"]!.AsArray()
            .ShouldContain(r => r!["resources"]![0]!.GetValue<string>() == "deployments" && r["resourceNames"]![0]!.GetValue<string>() == "web");
        review.Json["status"]!["nonResourceRules"]!.AsArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task SubjectAccessReview_AnswersForTheNamedUser_AndNeedsPermission()
    {
        var ns = await sim.NewNamespaceAsync();
        using var stranger = await sim.ServiceAccountClientAsync(ns, "stranger");
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SubjectAccessReview",
            ["spec"] = new JsonObject
            {
                ["user"] = "alice",
                ["groups"] = Objects.Array(["system:masters"]),
                ["resourceAttributes"] = new JsonObject { ["namespace"] = ns, ["verb"] = "delete", ["group"] = "apps", ["resource"] = "deployments" },
            },
        };

        var answered = await sim.Admin.PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", review);
        var refused = await stranger.PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", review);

        answered.Status.ShouldBe(HttpStatusCode.Created);
        answered.Resolve("status.allowed")!.GetValue<bool>().ShouldBeTrue();
        refused.Status.ShouldBe(HttpStatusCode.Forbidden);
    }
}
