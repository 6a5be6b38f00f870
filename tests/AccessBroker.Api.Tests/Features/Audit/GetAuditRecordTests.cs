using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Features.Actions;
using AccessBroker.Persistence;

namespace AccessBroker.Api.Tests.Features.Audit;

/// <summary>One audit record by sequence: the whole record for auditors, only their own for everyone else.</summary>
public sealed class GetAuditRecordTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Record_BySequence_ForAuditorsAndItsActor_NotForOthers(DatabaseProvider provider)
    {
        await using var host = await AuditFixture.StartAsync(provider);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var created = (await host.AuditOfAsync(grantId, "grant.activated")).Single();
        var sequence = created.GetProperty("sequence").GetInt64();

        var asAuditor = await (await host.ClientFor("alice", AuditFixture.Auditor).GetAsync($"/api/v1/audit/{sequence}", Cancellation)).ShouldBeOkJsonAsync();
        var asActor = await dev.GetAsync($"/api/v1/audit/{sequence}", Cancellation);
        var asOther = await host.ClientFor("eve", "payments-devs").GetAsync($"/api/v1/audit/{sequence}", Cancellation);
        var missing = await host.ClientFor("alice", AuditFixture.Auditor).GetAsync("/api/v1/audit/999999", Cancellation);

        asAuditor.GetProperty("hash").GetString().ShouldBe(created.GetProperty("hash").GetString());
        asAuditor.GetProperty("grantId").GetString().ShouldBe(grantId);
        JsonSerializer.Serialize(asAuditor.GetProperty("details")).ShouldBe(JsonSerializer.Serialize(created.GetProperty("details")));
        asActor.StatusCode.ShouldBe(HttpStatusCode.OK);
        asOther.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
