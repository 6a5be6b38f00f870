using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Features.Audit;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Requests;
using AccessBroker.Persistence;
using static AccessBroker.Api.Tests.Features.Audit.AuditFixture;

namespace AccessBroker.Api.Tests.Hosting;

/// <summary>Enum query parameters take the API's own camelCase spelling, and any other casing, on every endpoint.</summary>
public sealed class EnumQueryParametersTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("active")]
    [InlineData("ACTIVE")]
    [InlineData("Active")]
    public async Task ListGrants_StatusInAnyCasing_FiltersByThatStatus(string status)
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Postgres);
        var grant = await host.ArrangeGrantAsync();
        var client = host.ClientFor("dev", "payments-devs");

        var active = await client.GetFromJsonAsync<JsonElement>($"/api/v1/grants?status={status}", Cancellation);
        var revoked = await client.GetFromJsonAsync<JsonElement>("/api/v1/grants?status=revoked", Cancellation);

        active.EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ShouldBe([grant.Id]);
        revoked.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task ListRequests_LowercaseStatus_FiltersByThatStatus()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Postgres);
        var cancelled = SampleRequests.Pending("dev", DateTimeOffset.UtcNow.AddMinutes(-5), "checkout");
        cancelled.Status = AccessRequestStatus.Cancelled;
        await host.WithDatabaseAsync(async database =>
        {
            database.AccessRequests.AddRange(SampleRequests.Pending("dev", DateTimeOffset.UtcNow), cancelled);
            await database.SaveChangesAsync(Cancellation);
        });
        var client = host.ClientFor("dev", "payments-devs");

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/requests?status=cancelled", Cancellation);

        var item = page.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("id").GetGuid().ShouldBe(cancelled.Id);
        item.GetProperty("status").GetString().ShouldBe("cancelled");
    }

    [Theory]
    [InlineData("/api/v1/audit")]
    [InlineData("/api/v1/audit/export")]
    public async Task Audit_LowercaseOutcome_FiltersByThatOutcome(string path)
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Postgres);
        await host.AppendAsync(Entry("dev"), Entry("dev", outcome: AuditOutcome.Denied), Entry("dev"));
        var auditor = host.ClientFor("alice", Auditor);

        var response = await auditor.GetAsync($"{path}?outcome=denied", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        body.ShouldContain("\"outcome\":\"denied\"");
        body.ShouldNotContain("\"outcome\":\"succeeded\"");
    }

    [Theory]
    [InlineData("/api/v1/grants?status=paused", "status", "provisioning, active, revoked, expired, failed")]
    [InlineData("/api/v1/grants?status=1", "status", "provisioning, active, revoked, expired, failed")]
    [InlineData("/api/v1/requests?status=Maybe", "status", "pending, approved, denied, cancelled, expired")]
    [InlineData("/api/v1/audit?outcome=ok", "outcome", "intended, succeeded, failed, denied")]
    public async Task UnknownEnumValue_Answers400NamingTheParameterAndTheAllowedValues(string url, string parameter, string allowed)
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("alice", Auditor).GetAsync(url, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().ShouldHaveSingleItem().GetString();
        error.ShouldBe($"'{url[(url.IndexOf('=') + 1)..]}' is not a valid {parameter}; use one of: {allowed}.");
        problem.GetProperty("detail").GetString()!.ShouldStartWith($"{parameter}: ");
    }
}
