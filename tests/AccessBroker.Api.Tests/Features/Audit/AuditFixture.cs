using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Api.Tests.Features.Audit;

internal static class AuditFixture
{
    public const string Auditor = "security-auditors";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Authorization:AuditorGroups:0"] = Auditor,
        ["Authorization:AdminGroups:0"] = "platform-admins",
        ["Clusters:sandbox:AuditWebhookToken"] = "webhook-token-for-tests",
    };

    public static Task<BrokerHost> StartAsync(DatabaseProvider provider) => BrokerHost.StartAsync(provider, Settings());

    /// <summary>Appends through the broker's own audit writer, as features do.</summary>
    public static Task<IReadOnlyList<AuditRecord>> AppendAsync(this BrokerHost host, params AuditEntry[] entries) =>
        host.Factory.Services.GetRequiredService<IAuditLog>().AppendManyAsync(entries, TestContext.Current.CancellationToken);

    public static AuditEntry Entry(
        string actor, string action = AuditActions.RequestCreated, string cluster = "sandbox", string @namespace = "payments",
        AuditOutcome outcome = AuditOutcome.Succeeded, Guid? grant = null) =>
        new(action, new AuditActor(actor, actor, ["payments-devs"]), new AuditTarget(cluster, @namespace, "deployments", "checkout"), outcome,
            Reason: "INC-42, \"checkout\"", GrantId: grant, Details: new { replicas = 3 });
}
