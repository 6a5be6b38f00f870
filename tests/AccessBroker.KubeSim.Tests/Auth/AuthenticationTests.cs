using System.Net;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Auth;

public sealed class AuthenticationTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private static readonly JsonObject SelfSubjectReview = new() { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" };

    private Task<ApiResponse> WhoAmIAsync(ApiClient client) =>
        client.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", SelfSubjectReview);

    [Fact]
    public async Task SelfSubjectReview_Admin_IsInSystemMasters()
    {
        var review = await WhoAmIAsync(sim.Admin);

        review.Status.ShouldBe(HttpStatusCode.Created);
        review["status.userInfo.username"].ShouldBe("kubesim-admin");
        review.Resolve("status.userInfo.groups")!.AsArray().Select(g => g!.GetValue<string>()).ShouldContain("system:masters");
    }

    [Fact]
    public async Task SelfSubjectReview_ServiceAccountToken_GivesUserGroupsAndCredentialId()
    {
        var ns = await sim.NewNamespaceAsync();
        using var client = await sim.ServiceAccountClientAsync(ns, "reviewer");

        var review = await WhoAmIAsync(client);

        review.Status.ShouldBe(HttpStatusCode.Created, review.Text);
        review["status.userInfo.username"].ShouldBe($"system:serviceaccount:{ns}:reviewer");
        review.Resolve("status.userInfo.groups")!.AsArray().Select(g => g!.GetValue<string>())
            .ShouldBe(["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]);
        review.Json["status"]!["userInfo"]!["extra"]!["authentication.kubernetes.io/credential-id"]![0]!.GetValue<string>().ShouldStartWith("JTI=");
        review["status.userInfo.uid"].ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task TokenReview_AuthenticatesKubeSimTokensOnly()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("reviewed"));
        var token = await sim.TokenAsync(ns, "reviewed");
        JsonObject Review(string t) => new() { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenReview", ["spec"] = new JsonObject { ["token"] = t } };

        var valid = await sim.Admin.PostAsync("/apis/authentication.k8s.io/v1/tokenreviews", Review(token));
        var invalid = await sim.Admin.PostAsync("/apis/authentication.k8s.io/v1/tokenreviews", Review(token[..^4] + "AAAA"));

        valid.Resolve("status.authenticated")!.GetValue<bool>().ShouldBeTrue();
        valid["status.user.username"].ShouldBe($"system:serviceaccount:{ns}:reviewed");
        invalid.Resolve("status.authenticated")!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task InvalidToken_Returns401Status()
    {
        using var client = new ApiClient(sim.Server, "not-a-token");

        var response = await client.GetAsync("/api/v1/namespaces");

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        JsonNode.DeepEquals(response.Json, JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}
            """)).ShouldBeTrue(response.Text);
    }

    [Fact]
    public async Task Token_StopsWorking_WhenItsServiceAccountIsDeleted()
    {
        var ns = await sim.NewNamespaceAsync();
        using var client = await sim.ServiceAccountClientAsync(ns, "revoked");
        (await WhoAmIAsync(client)).Status.ShouldBe(HttpStatusCode.Created);

        (await sim.Admin.DeleteAsync($"/api/v1/namespaces/{ns}/serviceaccounts/revoked")).Status.ShouldBe(HttpStatusCode.OK);

        (await WhoAmIAsync(client)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_StopsWorking_WhenItsServiceAccountIsRecreated()
    {
        var ns = await sim.NewNamespaceAsync();
        using var client = await sim.ServiceAccountClientAsync(ns, "recreated");
        await sim.Admin.DeleteAsync($"/api/v1/namespaces/{ns}/serviceaccounts/recreated");

        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("recreated"));

        (await WhoAmIAsync(client)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task NoToken_IsAnonymous_AndMayReadOnlyPublicInfo()
    {
        using var anonymous = new ApiClient(sim.Server, null);

        var version = await anonymous.GetAsync("/version");
        var namespaces = await anonymous.GetAsync("/api/v1/namespaces");

        version.Status.ShouldBe(HttpStatusCode.OK);
        namespaces.Status.ShouldBe(HttpStatusCode.Forbidden);
        namespaces["message"].ShouldBe("namespaces is forbidden: User \"system:anonymous\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope");
    }
}

/// <summary>Token expiry moves the server's clock, so it runs on a server of its own.</summary>
public sealed class TokenExpiryTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    [Fact]
    public async Task Token_StopsWorking_OnceExpired()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("brief"));
        using var client = new ApiClient(sim.Server, await sim.TokenAsync(ns, "brief", 600));
        var review = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" };
        // Claims have whole seconds, so stay clear of the boundary on the valid side.
        sim.Time.Advance(TimeSpan.FromSeconds(590));
        (await client.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", review)).Status.ShouldBe(HttpStatusCode.Created);

        sim.Time.Advance(TimeSpan.FromSeconds(10));

        (await client.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", review)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
