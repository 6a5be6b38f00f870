using System.Net;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;
using k8s;

namespace AccessBroker.Api.Tests.Features.Grants;

/// <summary>The spine, end to end over HTTP against KubeSim: request, approve, credential, use, revoke or expire.</summary>
public sealed class GrantLifecycleTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ApprovedGrant_WorksInItsNamespaceOnly_AndRevokeEndsEveryToken(DatabaseProvider provider)
    {
        await using var host = await BrokerHost.StartAsync(provider);
        var dev = host.ClientFor("dev", "payments-devs");
        var lead = host.ClientFor("lead", "payments-leads");

        var request = await dev.CreateRequestAsync("troubleshoot");
        request.GetProperty("status").GetString().ShouldBe("pending");
        request.GetProperty("decision").GetProperty("policy").GetString().ShouldBe("troubleshoot-with-lead");
        var requestId = request.GetProperty("id").GetString()!;
        await dev.ApproveAsync(requestId, HttpStatusCode.Forbidden);
        var approved = await lead.ApproveAsync(requestId);
        await lead.ApproveAsync(requestId, HttpStatusCode.Conflict);

        approved.GetProperty("status").GetString().ShouldBe("approved");
        var grant = approved.GetProperty("grant");
        grant.GetProperty("status").GetString().ShouldBe("active");
        var grantId = grant.GetProperty("id").GetString()!;
        var token = await dev.CredentialTokenAsync(grantId);
        using var asGrant = host.Cluster.ClientWithToken(token);

        (await asGrant.ListPodsAsync("payments")).Items.ShouldNotBeEmpty();
        await ((Func<Task>)(() => asGrant.CoreV1.ListNamespacedSecretAsync("payments", cancellationToken: Cancellation))).ShouldFailWithAsync(HttpStatusCode.Forbidden);
        await ((Func<Task>)(() => asGrant.ListPodsAsync("checkout"))).ShouldFailWithAsync(HttpStatusCode.Forbidden);

        var revoke = await dev.PostAsJsonAsync($"/api/v1/grants/{grantId}/revoke", new { reason = "done" }, Cancellation);

        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);
        await ((Func<Task>)(() => asGrant.ListPodsAsync("payments"))).ShouldFailWithAsync(HttpStatusCode.Unauthorized);
        (await dev.GrantAsync(grantId)).GetProperty("status").GetString().ShouldBe("revoked");
        var again = await dev.PostAsync($"/api/v1/grants/{grantId}/credential", null, Cancellation);
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AnotherUser_CannotSeeRevokeOrGetCredentialsOfAGrant()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var mallory = host.ClientFor("mallory", "payments-devs", "payments-leads");
        var grantId = (await dev.CreateRequestAsync("view")).GetProperty("grant").GetProperty("id").GetString()!;

        (await mallory.PostAsync($"/api/v1/grants/{grantId}/credential", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mallory.PostAsJsonAsync($"/api/v1/grants/{grantId}/revoke", new { reason = "mine" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mallory.GetAsync($"/api/v1/grants/{grantId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mallory.GetAsync($"/api/v1/grants/{grantId}/kubeconfig", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await dev.GrantAsync(grantId)).GetProperty("status").GetString().ShouldBe("active");
    }

    [Fact]
    public async Task Credential_AfterUserLeftThePolicyGroup_IsRefused()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);
        var grantId = (await host.ClientFor("dev", "payments-devs").CreateRequestAsync("view")).GetProperty("grant").GetProperty("id").GetString()!;
        var devWithoutGroup = host.ClientFor("dev", "former-payments");

        var response = await devWithoutGroup.PostAsync($"/api/v1/grants/{grantId}/credential", null, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldContain("no longer eligible");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Grant_PastItsEnd_IsExpiredAndItsTokenStopsWorking(DatabaseProvider provider)
    {
        await using var host = await BrokerHost.StartAsync(provider);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = (await dev.CreateRequestAsync("view", duration: "8s")).GetProperty("grant").GetProperty("id").GetString()!;
        using var asGrant = host.Cluster.ClientWithToken(await dev.CredentialTokenAsync(grantId));
        (await asGrant.ListPodsAsync("payments")).Items.ShouldNotBeEmpty();

        var expired = await dev.WaitForGrantStatusAsync(grantId, "expired", TimeSpan.FromSeconds(20));

        (expired.GetProperty("endedAt").GetDateTimeOffset() - expired.GetProperty("endsAt").GetDateTimeOffset()).ShouldBeLessThan(TimeSpan.FromSeconds(5));
        await ((Func<Task>)(() => asGrant.ListPodsAsync("payments"))).ShouldFailWithAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Grant_EndingWhileBrokerIsDown_IsRevokedWhenItStartsAgain()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grant = (await dev.CreateRequestAsync("view", duration: "6s")).GetProperty("grant");
        var grantId = grant.GetProperty("id").GetString()!;
        using var asGrant = host.Cluster.ClientWithToken(await dev.CredentialTokenAsync(grantId));

        await host.RestartAsync(whileStopped: async () =>
        {
            var untilEnd = grant.GetProperty("endsAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
            await Task.Delay(untilEnd > TimeSpan.Zero ? untilEnd + TimeSpan.FromMilliseconds(200) : TimeSpan.Zero, Cancellation);
            (await asGrant.ListPodsAsync("payments")).Items.ShouldNotBeEmpty("nothing revokes while the broker is down");
        });

        await host.ClientFor("dev", "payments-devs").WaitForGrantStatusAsync(grantId, "expired", TimeSpan.FromSeconds(20));
        await ((Func<Task>)(() => asGrant.ListPodsAsync("payments"))).ShouldFailWithAsync(HttpStatusCode.Unauthorized);
    }
}
