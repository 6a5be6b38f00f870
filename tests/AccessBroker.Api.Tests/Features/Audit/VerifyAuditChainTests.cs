using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;
using static AccessBroker.Api.Tests.Features.Audit.AuditFixture;

namespace AccessBroker.Api.Tests.Features.Audit;

public sealed class VerifyAuditChainTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Verify_UntouchedLog_IsValid_AndARowChangedInTheDatabase_IsPinpointed(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        await host.AppendAsync(Entry("dev"), Entry("dev"), Entry("ops"), Entry("dev"), Entry("ops"));
        var auditor = host.ClientFor("alice", Auditor);

        var untouched = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Cancellation);
        await host.WithDatabaseAsync(database =>
            database.Database.ExecuteSqlRawAsync("UPDATE audit_records SET \"Reason\" = 'nothing to see' WHERE \"Sequence\" = 3", Cancellation));
        var altered = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Cancellation);

        untouched.GetProperty("valid").GetBoolean().ShouldBeTrue();
        untouched.GetProperty("count").GetInt64().ShouldBe(5);
        untouched.GetProperty("firstInvalidSequence").ValueKind.ShouldBe(JsonValueKind.Null);
        altered.GetProperty("valid").GetBoolean().ShouldBeFalse();
        altered.GetProperty("count").GetInt64().ShouldBe(5);
        altered.GetProperty("firstInvalidSequence").GetInt64().ShouldBe(3);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Verify_DeletedRow_IsReportedAsTheMissingSequence(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        await host.AppendAsync(Entry("dev"), Entry("dev"), Entry("dev"), Entry("dev"));
        await host.WithDatabaseAsync(database =>
            database.Database.ExecuteSqlRawAsync("DELETE FROM audit_records WHERE \"Sequence\" = 2", Cancellation));

        var result = await host.ClientFor("root", "platform-admins").GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Cancellation);

        result.GetProperty("valid").GetBoolean().ShouldBeFalse();
        result.GetProperty("count").GetInt64().ShouldBe(3);
        result.GetProperty("firstInvalidSequence").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task Verify_ByNeitherAuditorNorAdmin_Answers403()
    {
        await using var host = await StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("dev", "payments-devs").GetAsync("/api/v1/audit/verify", Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
