using System.Diagnostics.Metrics;
using System.Net;
using AccessBroker.Api.Tests.Features.Actions;
using AccessBroker.Api.Tests.Features.Audit;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AccessBroker.Api.Tests.Hosting;

/// <summary>The AccessBroker meter's instruments, recorded by a request → approve → credential → action → revoke flow.</summary>
public sealed class BrokerMetricsTests
{
    private const string Meter = "AccessBroker";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flow_RecordsDecisionsApprovalsGrantsCredentialsActionsAndAuditWrites_AndExposesThemOnMetrics()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Postgres);
        var meters = host.Factory.Services.GetRequiredService<IMeterFactory>();
        using var decided = new MetricCollector<long>(meters, Meter, "accessbroker.requests.decided");
        using var approvals = new MetricCollector<long>(meters, Meter, "accessbroker.approvals");
        using var activated = new MetricCollector<long>(meters, Meter, "accessbroker.grants.activated");
        using var credentials = new MetricCollector<long>(meters, Meter, "accessbroker.credentials.issued");
        using var actions = new MetricCollector<long>(meters, Meter, "accessbroker.actions");
        using var actionDuration = new MetricCollector<double>(meters, Meter, "accessbroker.action.duration");
        using var ended = new MetricCollector<long>(meters, Meter, "accessbroker.grants.ended");
        using var active = new MetricCollector<int>(meters, Meter, "accessbroker.grants.active");
        using var appended = new MetricCollector<long>(meters, Meter, "accessbroker.audit.records.appended");
        using var batchDuration = new MetricCollector<double>(meters, Meter, "accessbroker.audit.batch.duration");
        var recordsBefore = await AuditRecordCountAsync(host);
        var dev = host.ClientFor("dev", "payments-devs");

        var requestId = (await dev.CreateRequestAsync("troubleshoot")).GetProperty("id").GetString()!;
        await dev.CreateRequestAsync("view", duration: "9h", expected: HttpStatusCode.Forbidden);
        var grantId = (await host.ClientFor("lead", "payments-leads").ApproveAsync(requestId)).GetProperty("grant").GetProperty("id").GetString()!;
        await dev.CredentialTokenAsync(grantId);
        var pod = await host.PodOfAsync("ledger");
        await (await dev.ActAsync(grantId, "exec", new { pod, command = new[] { "hostname" }, reason = "INC-42" })).ShouldBeOkJsonAsync();
        var activeWhileGranted = await ActiveGrantsOnSandboxAsync(active, expected: 1);
        (await dev.PostAsJsonAsync($"/api/v1/grants/{grantId}/revoke", new { reason = "done" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var activeAfterRevoke = await ActiveGrantsOnSandboxAsync(active, expected: 0);
        var recordsWritten = await AuditRecordCountAsync(host) - recordsBefore;

        decided.GetMeasurementSnapshot().Select(m => (m.Value, (string?)m.Tags["decision"])).ShouldBe([(1L, (string?)"pending"), (1L, "denied")], ignoreOrder: true);
        decided.GetMeasurementSnapshot().ShouldContain(m => m.MatchesTags(Tag("decision", "pending"), Tag("policy", "troubleshoot-with-lead"), Tag("cluster", "sandbox")));
        approvals.GetMeasurementSnapshot().ShouldHaveSingleItem().MatchesTags(Tag("decision", "approved"), Tag("policy", "troubleshoot-with-lead"), Tag("cluster", "sandbox")).ShouldBeTrue();
        activated.GetMeasurementSnapshot().ShouldHaveSingleItem().MatchesTags(Tag("cluster", "sandbox")).ShouldBeTrue();
        credentials.GetMeasurementSnapshot().ShouldHaveSingleItem().Value.ShouldBe(1);
        actions.GetMeasurementSnapshot().ShouldHaveSingleItem().MatchesTags(Tag("kind", "pod.exec"), Tag("outcome", "succeeded"), Tag("cluster", "sandbox")).ShouldBeTrue();
        actionDuration.GetMeasurementSnapshot().ShouldHaveSingleItem().Value.ShouldBeGreaterThan(0);
        ended.GetMeasurementSnapshot().ShouldHaveSingleItem().MatchesTags(Tag("reason", "ended-early"), Tag("cluster", "sandbox")).ShouldBeTrue();
        activeWhileGranted.ShouldBe(1);
        activeAfterRevoke.ShouldBe(0);
        recordsWritten.ShouldBeGreaterThanOrEqualTo(8, "request created ×2, access denied, approved, activated, credential, exec intent and result, revoked");
        appended.GetMeasurementSnapshot().Sum(m => m.Value).ShouldBeGreaterThanOrEqualTo(recordsWritten);
        batchDuration.GetMeasurementSnapshot().ShouldNotBeEmpty();
        batchDuration.GetMeasurementSnapshot().ShouldAllBe(m => m.Value >= 0);

        var scraped = await host.AnonymousClient().GetStringAsync("/metrics", Cancellation);
        scraped.ShouldContain("accessbroker_requests_decided_total{");
        scraped.ShouldContain("decision=\"pending\"");
        scraped.ShouldContain("accessbroker_approvals_total{");
        scraped.ShouldContain("accessbroker_grants_activated_total{");
        scraped.ShouldContain("accessbroker_grants_ended_total{");
        scraped.ShouldContain("reason=\"ended-early\"");
        scraped.ShouldContain("accessbroker_credentials_issued_total{");
        scraped.ShouldContain("accessbroker_actions_total{");
        scraped.ShouldContain("kind=\"pod.exec\"");
        scraped.ShouldContain("# TYPE accessbroker_action_duration_seconds histogram");
        scraped.ShouldMatch("accessbroker_grants_active\\{[^}]*cluster=\"sandbox\"");
        scraped.ShouldContain("accessbroker_audit_records_appended_total");
        scraped.ShouldContain("# TYPE accessbroker_audit_batch_duration_seconds histogram");
    }

    /// <summary>The gauge follows the leader's expiry pass (every 200 ms in tests); waits until it reports <paramref name="expected"/>.</summary>
    private static async Task<int> ActiveGrantsOnSandboxAsync(MetricCollector<int> active, int expected)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            active.RecordObservableInstruments();
            if (active.GetMeasurementSnapshot(clear: true).LastOrDefault(m => m.MatchesTags(Tag("cluster", "sandbox"))) is { } last && last.Value == expected)
            {
                return last.Value;
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static async Task<int> AuditRecordCountAsync(BrokerHost host)
    {
        var count = 0;
        await host.WithDatabaseAsync(async database => count = await database.AuditRecords.CountAsync(Cancellation));
        return count;
    }

    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
