using System.Net;
using System.Text.Json;
using AccessBroker.Api.Features.Policies;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Policies;
using AccessBroker.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Api.Tests.Features.Policies;

public sealed class PoliciesEndpointsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_ShowsTheSetInForceWithItsHash()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var set = await host.ClientFor("dev", "payments-devs").GetFromJsonAsync<JsonElement>("/api/v1/policies", Cancellation);

        set.GetProperty("sha256").GetString()!.Length.ShouldBe(64);
        set.GetProperty("roleTemplates").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["view", "troubleshoot", "operate"]);
        set.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["operate-at-once", "view-at-once", "troubleshoot-with-lead"]);
    }

    [Fact]
    public async Task Evaluate_ExplainsEveryPolicyAndSaysTheLongestAllowedDuration()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("dev", "payments-devs").PostAsJsonAsync(
            "/api/v1/policy/evaluate", new { cluster = "sandbox", @namespace = "payments", role = "troubleshoot", duration = "6h", reason = "INC-1" }, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var decision = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        decision.GetProperty("outcome").GetString().ShouldBe("denied");
        decision.GetProperty("longestAllowedDuration").GetString().ShouldBe("4h");
        decision.GetProperty("explanations").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task Evaluate_ForAnotherUser_IsForAdminsOnly()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Authorization:AdminGroups:0"] = "platform-admins" });
        var body = new { cluster = "sandbox", @namespace = "payments", role = "view", duration = "1h", reason = "check", @as = new { subject = "dev", groups = new[] { "payments-devs" } } };

        var asDeveloper = await host.ClientFor("mallory", "payments-devs").PostAsJsonAsync("/api/v1/policy/evaluate", body, Cancellation);
        var asAdmin = await host.ClientFor("admin", "platform-admins").PostAsJsonAsync("/api/v1/policy/evaluate", body, Cancellation);

        await asDeveloper.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await asAdmin.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("outcome").GetString().ShouldBe("approved");
    }

    [Fact]
    public async Task Reload_RejectsABrokenSetAndKeepsThePreviousOne_ThenTakesAValidChange()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);
        var reloader = host.Factory.Services.GetRequiredService<PolicyReloader>();
        var store = host.Factory.Services.GetRequiredService<PolicyStore>();
        var before = store.Current.Sha256;
        var extra = Path.Combine(reloader.Directory, "extra.yaml");

        await File.WriteAllTextAsync(extra, "apiVersion: accessbroker.io/v1\nkind: AccessPolicy\nmetadata: { name: Bad_Name }\n", Cancellation);
        var broken = await reloader.ReloadAsync(Cancellation);
        var keptSha = store.Current.Sha256;
        await File.WriteAllTextAsync(extra, "# no documents: a comment-only file still counts in the set's hash\n", Cancellation);
        var valid = await reloader.ReloadAsync(Cancellation);

        broken.ShouldBeFalse();
        keptSha.ShouldBe(before);
        valid.ShouldBeTrue();
        store.Current.Sha256.ShouldNotBe(before);
    }
}
