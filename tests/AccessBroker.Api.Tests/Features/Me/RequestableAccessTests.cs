using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;

namespace AccessBroker.Api.Tests.Features.Me;

/// <summary>What a user may ask for: the policies that include them, with the configured clusters their globs match.</summary>
public sealed class RequestableAccessTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requestable_ForAPaymentsDeveloper_ListsTheirPolicies_AndForAStranger_Nothing()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var dev = await host.ClientFor("dev", "payments-devs").GetFromJsonAsync<JsonElement>("/api/v1/me/requestable", Cancellation);
        var stranger = await host.ClientFor("eve", "web-devs").GetFromJsonAsync<JsonElement>("/api/v1/me/requestable", Cancellation);

        var scopes = dev.GetProperty("scopes").EnumerateArray().ToDictionary(scope => scope.GetProperty("policy").GetString()!);
        scopes.Keys.ShouldBe(["operate-at-once", "view-at-once", "troubleshoot-with-lead"], ignoreOrder: true);
        scopes["troubleshoot-with-lead"].GetProperty("clusters").EnumerateArray().Select(c => c.GetString()).ShouldBe(["sandbox"]);
        scopes["troubleshoot-with-lead"].GetProperty("approval").GetProperty("groups").EnumerateArray().Select(g => g.GetString()).ShouldBe(["payments-leads"]);
        dev.GetProperty("namespaces").EnumerateArray().Select(n => n.GetString()).ShouldBe(["checkout", "payments"]);
        dev.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["view", "troubleshoot", "operate"]);
        dev.GetProperty("longestDuration").GetString().ShouldBe("8h");
        stranger.GetProperty("scopes").GetArrayLength().ShouldBe(0);
        stranger.GetProperty("roles").GetArrayLength().ShouldBe(0);
    }
}
