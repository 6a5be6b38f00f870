using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
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

    public static Task<BrokerHost> StartAsync(DatabaseProvider provider) => BrokerHost.StartAsync(provider, Settings(), SilentPolicyLoads.Install);

    /// <summary>As <see cref="StartAsync(DatabaseProvider)"/>, with more settings and services replaced.</summary>
    public static Task<BrokerHost> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? replaceServices = null)
    {
        var all = Settings();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return BrokerHost.StartAsync(provider, all, services =>
        {
            SilentPolicyLoads.Install(services);
            replaceServices?.Invoke(services);
        });
    }

    /// <summary>Appends through the broker's own audit writer, as features do.</summary>
    public static Task<IReadOnlyList<AuditRecord>> AppendAsync(this BrokerHost host, params AuditEntry[] entries) =>
        host.Factory.Services.GetRequiredService<IAuditLog>().AppendManyAsync(entries, TestContext.Current.CancellationToken);

    public static AuditEntry Entry(
        string actor, string action = AuditActions.RequestCreated, string cluster = "sandbox", string @namespace = "payments",
        AuditOutcome outcome = AuditOutcome.Succeeded, Guid? grant = null) =>
        new(action, new AuditActor(actor, actor, ["payments-devs"]), new AuditTarget(cluster, @namespace, "deployments", "checkout"), outcome,
            Reason: "INC-42, \"checkout\"", GrantId: grant, Details: new { replicas = 3 });

    /// <summary>An active grant of "dev" on sandbox/payments with its pending request, ServiceAccount accessbroker/ab-1234abcd.</summary>
    public static async Task<Grant> ArrangeGrantAsync(this BrokerHost host)
    {
        var request = SampleRequests.Pending("dev", DateTimeOffset.UtcNow);
        var grant = new Grant
        {
            Id = Guid.NewGuid(), RequestId = request.Id, Requester = request.Requester, Cluster = "sandbox", Namespace = "payments",
            Role = "troubleshoot", Reason = request.Reason, Status = GrantStatus.Active, StartsAt = request.CreatedAt, EndsAt = request.CreatedAt.AddHours(1),
            ServiceAccountNamespace = "accessbroker", ServiceAccountName = "ab-1234abcd",
        };
        await host.WithDatabaseAsync(async database =>
        {
            database.AccessRequests.Add(request);
            database.Grants.Add(grant);
            await database.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return grant;
    }
}
