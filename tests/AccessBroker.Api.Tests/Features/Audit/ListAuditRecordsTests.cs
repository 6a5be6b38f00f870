using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using static AccessBroker.Api.Tests.Features.Audit.AuditFixture;

namespace AccessBroker.Api.Tests.Features.Audit;

public sealed class ListAuditRecordsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task List_Filters_AndPagesNewestFirst(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var grant = Guid.NewGuid();
        await host.AppendAsync(
            Entry("dev", grant: grant),
            Entry("dev", AuditActions.GrantRevoked, grant: grant),
            Entry("dev", cluster: "prod-eu", grant: grant),
            Entry("dev", @namespace: "orders", grant: grant),
            Entry("dev", outcome: AuditOutcome.Denied, grant: grant),
            Entry("dev", grant: grant),
            Entry("dev"),
            Entry("ops", grant: grant));
        var auditor = host.ClientFor("alice", Auditor);
        const string filters = "actor=dev&action=request.created&cluster=sandbox&namespace=payments&outcome=Succeeded";

        var first = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit?{filters}&grant={grant}&limit=1", Cancellation);
        var second = await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/v1/audit?{filters}&grant={grant}&limit=1&cursor={first.GetProperty("nextCursor").GetString()}", Cancellation);
        var all = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit?{filters}", Cancellation);

        Sequences(first).ShouldBe([6L]);
        Sequences(second).ShouldBe([1L]);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        Sequences(all).ShouldBe([7L, 6L, 1L]);
        var record = second.GetProperty("items")[0];
        record.GetProperty("actor").GetProperty("subject").GetString().ShouldBe("dev");
        record.GetProperty("target").GetProperty("namespace").GetString().ShouldBe("payments");
        record.GetProperty("details").GetProperty("replicas").GetInt32().ShouldBe(3);
        record.GetProperty("outcome").GetString().ShouldBe("succeeded");
        record.GetProperty("hash").GetString()!.Length.ShouldBe(64);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task List_TimeRange_SelectsRecordsFromInclusiveToExclusive(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var records = await host.AppendAsync(Entry("dev"), Entry("dev"), Entry("dev"));
        var auditor = host.ClientFor("alice", Auditor);
        string At(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O"));
        async Task<long[]> Between(DateTimeOffset from, DateTimeOffset to) =>
            Sequences(await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit?from={At(from)}&to={At(to)}", Cancellation));

        var around = await Between(records[0].Time.AddHours(-1), records[^1].Time.AddHours(1));
        var fromFirst = await Between(records[0].Time, records[^1].Time.AddHours(1));
        var untilFirst = await Between(records[0].Time.AddHours(-1), records[0].Time);
        var future = await Between(records[^1].Time.AddHours(1), records[^1].Time.AddHours(2));

        around.ShouldBe([3L, 2L, 1L]);
        fromFirst.ShouldBe([3L, 2L, 1L]);
        untilFirst.ShouldBeEmpty();
        future.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task List_ByNonAuditor_ShowsOnlyRecordsWhereTheyAreTheActor(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        await host.AppendAsync(Entry("dev"), Entry("ops"), Entry("dev"));

        var own = await host.ClientFor("dev", "payments-devs").GetFromJsonAsync<JsonElement>("/api/v1/audit", Cancellation);
        var asking = await host.ClientFor("dev", "payments-devs").GetFromJsonAsync<JsonElement>("/api/v1/audit?actor=ops", Cancellation);

        Sequences(own).ShouldBe([3L, 1L]);
        Sequences(asking).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "to")]
    public async Task List_WithInvalidQuery_Answers400WithPerFieldErrors(string query, string field)
    {
        await using var host = await StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("alice", Auditor).GetAsync($"/api/v1/audit?{query}", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task List_WithUnparsableGrant_Answers400NamingTheParameter()
    {
        await using var host = await StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("alice", Auditor).GetAsync("/api/v1/audit?grant=yesterday", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString()!.ShouldContain("grant");
    }

    private static long[] Sequences(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("sequence").GetInt64()).ToArray();
}
