using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;

namespace AccessBroker.Api.Tests.Features.Requests;

public sealed class ListRequestsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task List_PagesThroughOnlyTheCallersRequestsNewestFirst(DatabaseProvider provider)
    {
        await using var host = await BrokerHost.StartAsync(provider);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await host.WithDatabaseAsync(async database =>
        {
            for (var i = 0; i < 5; i++)
            {
                database.AccessRequests.Add(SampleRequests.Pending("dev", start.AddMinutes(i), $"ns-{i}"));
            }

            database.AccessRequests.Add(SampleRequests.Pending("someone-else", start.AddMinutes(10)));
            await database.SaveChangesAsync(Cancellation);
        });
        var client = host.ClientFor("dev", "payments-devs");

        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/requests?limit=3", Cancellation);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/v1/requests?limit=3&cursor={cursor}", Cancellation);

        Namespaces(first).ShouldBe(["ns-4", "ns-3", "ns-2"]);
        Namespaces(second).ShouldBe(["ns-1", "ns-0"]);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("items")[0].GetProperty("status").GetString().ShouldBe("pending");
        first.GetProperty("items")[0].GetProperty("duration").GetString().ShouldBe("1h");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task List_WithInvalidQuery_Answers400WithPerFieldErrors(string query, string field)
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("dev").GetAsync($"/api/v1/requests?{query}", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out var errors).ShouldBeTrue();
        errors.GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task List_WithUnknownStatus_Answers400NamingTheParameter()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("dev").GetAsync("/api/v1/requests?status=Maybe", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString()!.ShouldContain("status");
    }

    private static string[] Namespaces(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("namespace").GetString()!).ToArray();
}
