using System.Net;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Rbac;

public sealed class ImpersonationTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    [Fact]
    public async Task Admin_ImpersonatingServiceAccount_GetsItsPermissionsOnly()
    {
        var ns = await sim.NewNamespaceAsync();

        var response = await sim.Admin.SendWithHeadersAsync($"/api/v1/namespaces/{ns}/pods",
            ("Impersonate-User", $"system:serviceaccount:{ns}:default"));

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response.Message.ShouldContain($"User \"system:serviceaccount:{ns}:default\" cannot list resource \"pods\"");
    }

    [Fact]
    public async Task Impersonation_WithoutImpersonateVerb_IsForbidden()
    {
        var ns = await sim.NewNamespaceAsync();
        using var client = await sim.ServiceAccountClientAsync(ns, "plain");

        var response = await client.SendWithHeadersAsync("/api/v1/namespaces", ("Impersonate-User", "kubesim-admin"), ("Impersonate-Group", "system:masters"));

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response.Message.ShouldBe($"users \"kubesim-admin\" is forbidden: User \"system:serviceaccount:{ns}:plain\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
    }
}
