using System.Net;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Api;

public sealed class ObjectApiTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    [Fact]
    public async Task Create_AssignsUidResourceVersionAndCreationTimestamp()
    {
        var ns = await sim.NewNamespaceAsync();

        var created = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("builder"));

        created.Status.ShouldBe(HttpStatusCode.Created);
        Guid.TryParse(created["metadata.uid"], out _).ShouldBeTrue();
        long.Parse(created["metadata.resourceVersion"]!).ShouldBeGreaterThan(0);
        created["metadata.creationTimestamp"]!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        created["metadata.namespace"].ShouldBe(ns);
        var read = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/builder");
        read["metadata.uid"].ShouldBe(created["metadata.uid"]);
        read["kind"].ShouldBe("ServiceAccount");
    }

    [Fact]
    public async Task Get_Missing_Returns404StatusLikeKubernetes()
    {
        var response = await sim.Admin.GetAsync("/apis/apps/v1/namespaces/default/deployments/nothing-here");

        response.Status.ShouldBe(HttpStatusCode.NotFound);
        JsonNode.DeepEquals(response.Json, JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"nothing-here\" not found",
             "reason":"NotFound","details":{"name":"nothing-here","group":"apps","kind":"deployments"},"code":404}
            """)).ShouldBeTrue(response.Text);
    }

    [Fact]
    public async Task UnknownResource_Returns404()
    {
        var response = await sim.Admin.GetAsync("/api/v1/namespaces/default/widgets");

        response.Status.ShouldBe(HttpStatusCode.NotFound);
        response["message"].ShouldBe("the server could not find the requested resource");
    }

    [Fact]
    public async Task Create_Twice_Returns409AlreadyExists()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("twice"));

        var response = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("twice"));

        response.Status.ShouldBe(HttpStatusCode.Conflict);
        response["reason"].ShouldBe("AlreadyExists");
        response["message"].ShouldBe("serviceaccounts \"twice\" already exists");
    }

    [Fact]
    public async Task Update_WithStaleResourceVersion_Returns409Conflict()
    {
        var ns = await sim.NewNamespaceAsync();
        var created = (await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("versioned"))).Json;
        var first = created.DeepClone().AsObject();
        first["metadata"]!["labels"] = new JsonObject { ["step"] = "one" };
        (await sim.Admin.PutAsync($"/api/v1/namespaces/{ns}/serviceaccounts/versioned", first)).Status.ShouldBe(HttpStatusCode.OK);

        var stale = created.DeepClone().AsObject();
        stale["metadata"]!["labels"] = new JsonObject { ["step"] = "two" };
        var response = await sim.Admin.PutAsync($"/api/v1/namespaces/{ns}/serviceaccounts/versioned", stale);

        response.Status.ShouldBe(HttpStatusCode.Conflict);
        response["reason"].ShouldBe("Conflict");
        response["message"].ShouldBe("Operation cannot be fulfilled on serviceaccounts \"versioned\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [Theory]
    [InlineData("application/json-patch+json", """[{"op":"replace","path":"/metadata/namespace","value":"OTHER"}]""")]
    [InlineData("application/merge-patch+json", """{"metadata":{"namespace":"OTHER"}}""")]
    public async Task Patch_CannotMoveAnObjectToAnotherNamespace(string contentType, string patch)
    {
        var ns = await sim.NewNamespaceAsync();
        var other = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("pinned"));

        var response = await sim.Admin.PatchAsync($"/api/v1/namespaces/{ns}/serviceaccounts/pinned",
            JsonNode.Parse(patch.Replace("OTHER", other, StringComparison.Ordinal))!, contentType);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await sim.Admin.GetAsync($"/api/v1/namespaces/{other}/serviceaccounts/pinned")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_BodyNamespaceDifferentFromUrl_Returns400()
    {
        var ns = await sim.NewNamespaceAsync();
        var other = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{other}/serviceaccounts", Objects.ServiceAccount("victim"));
        var created = (await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("victim"))).Json;
        created["metadata"]!["namespace"] = other;
        created["metadata"]!.AsObject().Remove("resourceVersion");

        var response = await sim.Admin.PutAsync($"/api/v1/namespaces/{ns}/serviceaccounts/victim", created);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response["message"].ShouldBe("the namespace of the provided object does not match the namespace sent on the request");
    }

    [Fact]
    public async Task Create_ClusterScopedWithNamespaceInBody_IgnoresIt()
    {
        var role = Objects.Role("ClusterRole", $"scoped-{Guid.NewGuid():N}", (["get"], [""], ["pods"], null));
        role["metadata"]!["namespace"] = "default";

        var created = await sim.Admin.PostAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles", role);

        created.Status.ShouldBe(HttpStatusCode.Created);
        created.Resolve("metadata.namespace").ShouldBeNull();
        (await sim.Admin.GetAsync($"/apis/rbac.authorization.k8s.io/v1/clusterroles/{created["metadata.name"]}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Create_NamespaceNotDnsLabel_Returns422NamingTheField()
    {
        var response = await sim.Admin.PostAsync("/api/v1/namespaces", Objects.Namespace("Not_A_Label"));

        response.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response["reason"].ShouldBe("Invalid");
        response["details.causes.0.field"].ShouldBe("metadata.name");
        response["details.causes.0.reason"].ShouldBe("FieldValueInvalid");
        response["message"].ShouldStartWith("Namespace \"Not_A_Label\" is invalid: metadata.name: Invalid value: \"Not_A_Label\": a lowercase RFC 1123 label");
    }

    [Fact]
    public async Task Create_DeploymentWhoseSelectorMissesTemplateLabels_Returns422()
    {
        var ns = await sim.NewNamespaceAsync();
        var deployment = Objects.Deployment("mismatch", "nginx:1.25");
        deployment["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "other" } };

        var response = await sim.Admin.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", deployment);

        response.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response["details.causes.0.field"].ShouldBe("spec.template.metadata.labels");
        response["message"].ShouldStartWith("Deployment.apps \"mismatch\" is invalid");
    }

    [Fact]
    public async Task Create_InNamespaceThatDoesNotExist_Returns404ForTheNamespace()
    {
        var response = await sim.Admin.PostAsync("/api/v1/namespaces/no-such-ns/serviceaccounts", Objects.ServiceAccount("orphan"));

        response.Status.ShouldBe(HttpStatusCode.NotFound);
        response["message"].ShouldBe("namespaces \"no-such-ns\" not found");
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400Status()
    {
        var response = await sim.Admin.SendAsync(HttpMethod.Post, "/api/v1/namespaces", "{\"apiVersion\": ");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response["kind"].ShouldBe("Status");
        response["reason"].ShouldBe("BadRequest");
    }

    [Fact]
    public async Task Create_UnknownFieldUnderStrictValidation_Returns400NamingTheField()
    {
        var ns = await sim.NewNamespaceAsync();
        var deployment = Objects.Deployment("strict", "nginx:1.25");
        deployment["spec"]!["replicass"] = 3;

        var response = await sim.Admin.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments?fieldValidation=Strict", deployment);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response["message"].ShouldBe("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replicass\"");
    }

    [Fact]
    public async Task Create_UnknownFieldByDefault_WarnsAndDropsIt()
    {
        var ns = await sim.NewNamespaceAsync();
        var serviceAccount = Objects.ServiceAccount("lenient");
        serviceAccount["bogus"] = true;

        var response = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts", serviceAccount);

        response.Status.ShouldBe(HttpStatusCode.Created);
        response.Warnings.ShouldContain("299 - \"unknown field \\\"bogus\\\"\"");
        response.Json.ContainsKey("bogus").ShouldBeFalse();
    }

    [Fact]
    public async Task Create_FieldOfWrongType_Returns400()
    {
        var ns = await sim.NewNamespaceAsync();
        var deployment = Objects.Deployment("typed", "nginx:1.25");
        deployment["spec"]!["replicas"] = "two";

        var response = await sim.Admin.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", deployment);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response["message"].ShouldStartWith("Deployment in version \"v1\" cannot be handled as a Deployment");
    }

    [Fact]
    public async Task List_FiltersByLabelSelector()
    {
        var ns = await sim.NewNamespaceAsync();
        var managed = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "access-broker", ["tier"] = "a" };
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("ab-1", managed));
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("ab-2", new Dictionary<string, string>(managed) { ["tier"] = "b" }));
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("other"));

        var byEquality = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts?labelSelector=app.kubernetes.io%2Fmanaged-by%3Daccess-broker");
        var bySet = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts?labelSelector=tier%20in%20(b,c)");
        var byAbsence = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts?labelSelector=!tier");

        Names(byEquality).ShouldBe(["ab-1", "ab-2"]);
        Names(bySet).ShouldBe(["ab-2"]);
        Names(byAbsence).ShouldBe(["default", "other"]);
        byEquality["kind"].ShouldBe("ServiceAccountList");
        byEquality["metadata.resourceVersion"].ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task DeleteCollection_ByLabelSelector_RemovesOnlyMatches()
    {
        var ns = await sim.NewNamespaceAsync();
        var managed = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "access-broker" };
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("ab-1", managed));
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("keep"));

        var deleted = await sim.Admin.DeleteAsync($"/api/v1/namespaces/{ns}/serviceaccounts?labelSelector=app.kubernetes.io%2Fmanaged-by%3Daccess-broker");

        deleted.Status.ShouldBe(HttpStatusCode.OK);
        Names(await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts")).ShouldBe(["default", "keep"]);
    }

    [Fact]
    public async Task Delete_ReturnsObjectAndThen404()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("short-lived"));

        var deleted = await sim.Admin.DeleteAsync($"/api/v1/namespaces/{ns}/serviceaccounts/short-lived");

        deleted.Status.ShouldBe(HttpStatusCode.OK);
        deleted["metadata.name"].ShouldBe("short-lived");
        (await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/short-lived")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Namespace_Created_HasDefaultServiceAccount_AndDeletingItRemovesContents()
    {
        var ns = await sim.NewNamespaceAsync();
        (await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/default")).Status.ShouldBe(HttpStatusCode.OK);

        (await sim.Admin.DeleteAsync($"/api/v1/namespaces/{ns}")).Status.ShouldBe(HttpStatusCode.OK);

        (await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/default")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_SystemNamespace_IsForbidden()
    {
        var response = await sim.Admin.DeleteAsync("/api/v1/namespaces/kube-system");

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response["message"].ShouldBe("namespaces \"kube-system\" is forbidden: this namespace may not be deleted");
    }

    [Fact]
    public async Task Leases_SupportCreateAndReplaceForLeaderElection()
    {
        var ns = await sim.NewNamespaceAsync();
        var lease = new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = "leader" },
            ["spec"] = new JsonObject { ["holderIdentity"] = "a", ["leaseDurationSeconds"] = 15 },
        };
        var created = (await sim.CreateAsync($"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases", lease)).Json;
        created["spec"]!["holderIdentity"] = "b";

        var replaced = await sim.Admin.PutAsync($"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases/leader", created);

        replaced.Status.ShouldBe(HttpStatusCode.OK);
        replaced["spec.holderIdentity"].ShouldBe("b");
    }

    private static List<string?> Names(ApiResponse list) =>
        list.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList<string?>();
}
