using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Auth;

public sealed class TokenRequestTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private static JsonObject TokenRequest(long? expirationSeconds, params string[] audiences)
    {
        var spec = new JsonObject();
        if (expirationSeconds is not null)
        {
            spec["expirationSeconds"] = expirationSeconds;
        }
        if (audiences.Length > 0)
        {
            spec["audiences"] = Objects.Array(audiences);
        }
        return new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec };
    }

    private static JsonObject Claims(string token) => JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    [Fact]
    public async Task TokenRequest_IssuesRs256JwtWithKubernetesClaims()
    {
        var ns = await sim.NewNamespaceAsync();
        var serviceAccount = await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("ab-1234"));

        var response = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts/ab-1234/token", TokenRequest(900));

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
        var token = response["status.token"]!;
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!;
        header["alg"]!.GetValue<string>().ShouldBe("RS256");
        var claims = Claims(token);
        claims["sub"]!.GetValue<string>().ShouldBe($"system:serviceaccount:{ns}:ab-1234");
        claims["iss"]!.GetValue<string>().ShouldBe("https://kubernetes.default.svc.cluster.local");
        claims["aud"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["https://kubernetes.default.svc.cluster.local"]);
        (claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>()).ShouldBe(900);
        claims["nbf"]!.GetValue<long>().ShouldBe(claims["iat"]!.GetValue<long>());
        Guid.TryParse(claims["jti"]!.GetValue<string>(), out _).ShouldBeTrue();
        claims["kubernetes.io"]!["namespace"]!.GetValue<string>().ShouldBe(ns);
        claims["kubernetes.io"]!["serviceaccount"]!["name"]!.GetValue<string>().ShouldBe("ab-1234");
        claims["kubernetes.io"]!["serviceaccount"]!["uid"]!.GetValue<string>().ShouldBe(serviceAccount["metadata.uid"]);
        response["status.expirationTimestamp"].ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(599)]
    public async Task TokenRequest_UnderTenMinutes_IsRefusedWith422(long seconds)
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("short"));

        var response = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts/short/token", TokenRequest(seconds));

        response.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response["details.causes.0.field"].ShouldBe("spec.expirationSeconds");
        response["message"].ShouldBe($"TokenRequest.authentication.k8s.io \"short\" is invalid: spec.expirationSeconds: Invalid value: {seconds}: may not specify a duration less than 10 minutes");
    }

    [Fact]
    public async Task TokenRequest_ExactlyTenMinutes_IsAccepted()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("floor"));

        var response = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts/floor/token", TokenRequest(600));

        response.Status.ShouldBe(HttpStatusCode.Created);
        response["spec.expirationSeconds"].ShouldBe("600");
    }

    [Fact]
    public async Task TokenRequest_AboveConfiguredMaximum_IsShortenedToIt()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("long"));

        var response = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts/long/token", TokenRequest(86400));

        response.Status.ShouldBe(HttpStatusCode.Created);
        response["spec.expirationSeconds"].ShouldBe("7200");
        var claims = Claims(response["status.token"]!);
        (claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>()).ShouldBe(7200);
    }

    [Fact]
    public async Task TokenRequest_ForMissingServiceAccount_Returns404()
    {
        var ns = await sim.NewNamespaceAsync();

        var response = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts/ghost/token", TokenRequest(600));

        response.Status.ShouldBe(HttpStatusCode.NotFound);
        response["message"].ShouldBe("serviceaccounts \"ghost\" not found");
    }

    [Fact]
    public async Task Token_WithOtherAudience_DoesNotAuthenticateToTheApi()
    {
        var ns = await sim.NewNamespaceAsync();
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("vault"));
        var response = await sim.Admin.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts/vault/token", TokenRequest(600, "vault"));
        using var client = new ApiClient(sim.Server, response["status.token"]);

        var whoami = await client.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", new JsonObject());

        whoami.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
