using AccessBroker.Core.Audit;

namespace AccessBroker.AuditLoad;

/// <summary>Plausible audit entries spread over many actors, clusters, namespaces and grants, so filters have something to select.</summary>
internal sealed class SampleEntries(int seed)
{
    public const int Actors = 500;
    public const int Grants = 20_000;

    private static readonly string[] Actions =
    [
        AuditActions.KubeApi, AuditActions.KubeApi, AuditActions.KubeApi, AuditActions.KubeApi, AuditActions.CredentialIssued,
        AuditActions.RequestCreated, AuditActions.RequestApproved, AuditActions.GrantActivated, AuditActions.GrantExpired,
        AuditActions.GrantRevoked, AuditActions.AccessDenied,
    ];

    private static readonly string[] Clusters = ["prod-eu", "prod-us", "staging", "dev", "sandbox"];
    private static readonly string[] Verbs = ["get", "list", "watch", "patch", "delete"];

    private readonly Lock gate = new();
    private readonly Random random = new(seed);
    private readonly Guid[] grants = Enumerable.Range(0, Grants).Select(_ => Guid.NewGuid()).ToArray();

    public AuditEntry Next()
    {
        lock (gate)
        {
            var actor = random.Next(Actors);
            var grant = random.Next(Grants);
            var outcome = random.Next(20) switch { 0 => AuditOutcome.Denied, 1 => AuditOutcome.Failed, _ => AuditOutcome.Succeeded };
            return new AuditEntry(
                Actions[random.Next(Actions.Length)],
                new AuditActor($"user-{actor}", $"User {actor}", ["payments-devs", "oncall"], "10.0.0.7", "kubectl/v1.33.0"),
                new AuditTarget(Clusters[grant % Clusters.Length], $"ns-{grant % 40}", "deployments", $"app-{random.Next(200)}"),
                outcome,
                Reason: "INC-42 checkout errors",
                GrantId: grants[grant],
                RequestId: grants[(grant + 1) % Grants],
                Details: new { verb = Verbs[random.Next(Verbs.Length)], requestURI = "/apis/apps/v1/namespaces/payments/deployments/checkout", responseCode = 200 });
        }
    }
}
