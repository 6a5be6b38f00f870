using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Policies;
using AccessBroker.Core.Requests;

namespace AccessBroker.Api.Infrastructure;

/// <summary>
/// The broker's own instruments on the <c>AccessBroker</c> meter, recorded where the things happen. Tag values are
/// bounded: decisions, outcomes, action kinds, and cluster and policy names from configuration — never a user, a
/// namespace or a token.
/// </summary>
internal sealed class BrokerMetrics
{
    private readonly Counter<long> requestsDecided;
    private readonly Counter<long> approvals;
    private readonly Counter<long> grantsActivated;
    private readonly Counter<long> grantsEnded;
    private readonly Counter<long> grantsFailed;
    private readonly Counter<long> credentialsIssued;
    private readonly Counter<long> actions;
    private readonly Histogram<double> actionDuration;
    private ConcurrentDictionary<string, int> activeGrants = new(StringComparer.Ordinal);

    public BrokerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(AccessBrokerTelemetry.Name);
        requestsDecided = meter.CreateCounter<long>("accessbroker.requests.decided", "{request}", "Access requests decided by policy when made (decision: granted, pending, denied).");
        approvals = meter.CreateCounter<long>("accessbroker.approvals", "{review}", "Approvers' answers to pending requests (decision: approved, denied).");
        grantsActivated = meter.CreateCounter<long>("accessbroker.grants.activated", "{grant}", "Grants provisioned on their cluster and active.");
        grantsEnded = meter.CreateCounter<long>("accessbroker.grants.ended", "{grant}", "Grants ended (reason: expired, revoked by an admin, ended-early by their owner).");
        grantsFailed = meter.CreateCounter<long>(
            "accessbroker.grants.failed", "{grant}", "Grants that could not be provisioned (reason: cluster-error, interrupted by a broker crash or stop).");
        credentialsIssued = meter.CreateCounter<long>("accessbroker.credentials.issued", "{credential}", "Short-lived tokens issued for active grants.");
        actions = meter.CreateCounter<long>("accessbroker.actions", "{action}", "Brokered actions run (kind: the audit action, outcome: succeeded, failed, denied).");
        actionDuration = meter.CreateHistogram<double>("accessbroker.action.duration", "s", "Time a brokered action took, checks and cluster calls included.");
        meter.CreateObservableGauge("accessbroker.grants.active", ObserveActiveGrants, "{grant}", "Active grants by cluster, as the leader replica last counted them.");
    }

    public void RequestDecided(DecisionOutcome outcome, string? policy, string cluster) =>
        requestsDecided.Add(1, Tag("decision", outcome switch
        {
            DecisionOutcome.Approved => "granted",
            DecisionOutcome.PendingApproval => "pending",
            _ => "denied",
        }), Tag("policy", policy ?? "none"), Tag("cluster", cluster));

    public void Reviewed(bool approve, AccessRequest request) =>
        approvals.Add(1, Tag("decision", approve ? "approved" : "denied"), Tag("policy", request.Policy ?? "none"), Tag("cluster", request.Cluster));

    public void GrantActivated(Grant grant) => grantsActivated.Add(1, Tag("cluster", grant.Cluster));

    public void GrantEnded(Grant grant, GrantStatus endedAs, string endedBy) =>
        grantsEnded.Add(1, Tag("reason", endedAs == GrantStatus.Expired ? "expired" : endedBy == grant.Requester.Subject ? "ended-early" : "revoked"), Tag("cluster", grant.Cluster));

    public void GrantFailed(Grant grant, bool interrupted) =>
        grantsFailed.Add(1, Tag("reason", interrupted ? "interrupted" : "cluster-error"), Tag("cluster", grant.Cluster));

    public void CredentialIssued(Grant grant) => credentialsIssued.Add(1, Tag("cluster", grant.Cluster));

    public void ActionRun(string kind, AuditOutcome outcome, string? cluster, TimeSpan duration)
    {
        KeyValuePair<string, object?>[] tags = [Tag("kind", kind), Tag("outcome", outcome.ToString().ToLowerInvariant()), Tag("cluster", cluster ?? "none")];
        actions.Add(1, tags);
        actionDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>The leader's latest count per cluster; an empty map on a replica that is not the leader, so a sum over replicas is right.</summary>
    public void ActiveGrantsCounted(IReadOnlyDictionary<string, int> byCluster) =>
        activeGrants = new ConcurrentDictionary<string, int>(byCluster, StringComparer.Ordinal);

    private IEnumerable<Measurement<int>> ObserveActiveGrants() =>
        activeGrants.Select(pair => new Measurement<int>(pair.Value, Tag("cluster", pair.Key)));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
