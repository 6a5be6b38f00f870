using System.Net;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using AccessBroker.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AccessBroker.Api.Tests.Deploy;

/// <summary>
/// The broker on a KubeSim cluster where it holds only the given RBAC — running as its own ServiceAccount, with
/// the example policies, Verify-mode role templates and Lease leadership — and the whole product flow as named
/// steps, each of which fails (instead of hanging) when the broker lacks a permission it needs.
/// </summary>
internal sealed class LeastPrivilegeFlow : IAsyncDisposable
{
    public const string Ready = "role templates verified (/readyz)";
    public const string Leader = "Lease acquired and renewed";
    public const string OrphanSweep = "orphan sweep";
    public const string RequestApprove = "request and approval provision the grant (with a retry that adopts)";
    public const string Credential = "credential works like kubectl";
    public const string Action = "scale action";
    public const string Revoke = "revoke with SubjectAccessReview";
    public const string Expiry = "expiry of a second grant";

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(6);

    private readonly BrokerHost host;
    private readonly HttpClient dev;
    private readonly HttpClient lead;
    private string grantId = "";
    private string grantToken = "";

    private readonly string brokerToken;
    private readonly string kubeconfig;

    private LeastPrivilegeFlow(BrokerHost host, string brokerToken, string kubeconfig)
    {
        this.host = host;
        this.brokerToken = brokerToken;
        this.kubeconfig = kubeconfig;
        dev = host.ClientFor("dev", "payments-devs");
        lead = host.ClientFor("lead", "payments-devs", "payments-leads");
    }

    public IKubernetes Admin => host.Cluster.Admin;

    /// <summary>A client with the broker's own token, for trying what the broker could do if it misbehaved.</summary>
    public IKubernetes BrokerClient() => host.Cluster.ClientWithToken(brokerToken);

    public IReadOnlyList<(string Name, Func<Task> Run)> Steps =>
    [
        (Ready, ReadyAsync), (Leader, LeaderAsync), (OrphanSweep, OrphanSweepAsync), (RequestApprove, RequestApproveAsync),
        (Credential, CredentialAsync), (Action, ScaleAsync), (Revoke, RevokeAsync), (Expiry, ExpiryAsync),
    ];

    /// <summary>
    /// Starts a cluster, applies <paramref name="rbac"/> as its admin, and configures the broker with a token of its
    /// own ServiceAccount; the broker itself starts with the first call.
    /// </summary>
    public static async Task<LeastPrivilegeFlow> StartAsync(
        IEnumerable<IKubernetesObject> rbac, string roleTemplates = "Verify", Func<V1ClusterRole, bool>? includeClusterRole = null)
    {
        var kubeconfig = Path.Combine(Directory.CreateTempSubdirectory("accessbroker-rbac-").FullName, "broker.kubeconfig");
        var host = await BrokerHost.StartAsync(
            DatabaseProvider.Sqlite,
            new Dictionary<string, string?>
            {
                ["Policies:Directory"] = TestRepository.Path("policies"),
                ["Clusters:sandbox:Kubeconfig"] = kubeconfig,
                ["Clusters:sandbox:RoleTemplates"] = roleTemplates,
                ["Leadership:Mode"] = "Lease",
                ["Leadership:LeaseDuration"] = "00:00:03",
                ["Leadership:RenewDeadline"] = "00:00:02",
                ["Leadership:RetryPeriod"] = "00:00:00.200",
                ["Grants:OrphanSweepInterval"] = "00:00:00.200",
            },
            ProvisioningRetriedAfterLostResponse.Install);
        await BrokerRbacManifest.ApplyAsync(host.Cluster.Admin, rbac, includeClusterRole);
        var token = await BrokerRbacManifest.BrokerTokenAsync(host.Cluster.Admin);
        await File.WriteAllTextAsync(kubeconfig, host.Cluster.Server.CreateKubeconfig(token));
        return new LeastPrivilegeFlow(host, token, kubeconfig);
    }

    /// <summary>Runs the steps in order up to the first that fails; returns its name, or null when all passed.</summary>
    public async Task<(string? FailedStep, Exception? Failure)> RunAsync()
    {
        foreach (var (name, run) in Steps)
        {
            try
            {
                await run();
            }
            catch (Exception failure) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                return (name, failure);
            }
        }

        return (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        dev.Dispose();
        lead.Dispose();
        await host.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(kubeconfig)!, recursive: true);
    }

    private async Task ReadyAsync()
    {
        var ready = await host.AnonymousClient().GetAsync("/readyz", Cancellation);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync(Cancellation));
    }

    private Task LeaderAsync() => EventuallyAsync(async () =>
    {
        var lease = await ReadOrNullAsync(() => Admin.CoordinationV1.ReadNamespacedLeaseAsync(LeaseLeaderLock.DefaultLeaseName, BrokerRbacManifest.Namespace, cancellationToken: Cancellation));
        return lease?.Spec.HolderIdentity is { Length: > 0 } && lease.Spec.RenewTime > lease.Spec.AcquireTime;
    });

    private async Task OrphanSweepAsync()
    {
        var labels = new Dictionary<string, string> { [GrantObjectNames.ManagedByLabel] = GrantObjectNames.ManagedByValue, [GrantObjectNames.GrantLabel] = Guid.NewGuid().ToString() };
        await Admin.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "ab-orphan", Labels = labels } }, BrokerRbacManifest.Namespace, cancellationToken: Cancellation);
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "ab-orphan", Labels = labels },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "accessbroker:view" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "ab-orphan", NamespaceProperty = BrokerRbacManifest.Namespace }],
            },
            "payments", cancellationToken: Cancellation);

        await EventuallyAsync(async () =>
            await ReadOrNullAsync(() => Admin.CoreV1.ReadNamespacedServiceAccountAsync("ab-orphan", BrokerRbacManifest.Namespace, cancellationToken: Cancellation)) is null
            && await ReadOrNullAsync(() => Admin.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("ab-orphan", "payments", cancellationToken: Cancellation)) is null);
    }

    private async Task RequestApproveAsync()
    {
        var request = await dev.CreateRequestAsync("operate");
        request.GetProperty("status").GetString().ShouldBe("pending");

        var approved = await lead.ApproveAsync(request.GetProperty("id").GetString()!);

        var grant = approved.GetProperty("grant");
        grant.GetProperty("status").GetString().ShouldBe("active", grant.ToString());
        grantId = grant.GetProperty("id").GetString()!;
    }

    private async Task CredentialAsync()
    {
        grantToken = await dev.CredentialTokenAsync(grantId);
        using var asGrant = host.Cluster.ClientWithToken(grantToken);
        (await asGrant.ListPodsAsync("payments")).Items.ShouldNotBeEmpty();
    }

    private async Task ScaleAsync()
    {
        var scaled = await dev.PostAsJsonAsync($"/api/v1/grants/{grantId}/actions/scale", new { deployment = "payments-api", replicas = 3, reason = "INC-42 load" }, Cancellation);

        scaled.StatusCode.ShouldBe(HttpStatusCode.OK, await scaled.Content.ReadAsStringAsync(Cancellation));
        (await Admin.AppsV1.ReadNamespacedDeploymentAsync("payments-api", "payments", cancellationToken: Cancellation)).Spec.Replicas.ShouldBe(3);
    }

    private async Task RevokeAsync()
    {
        var revoked = await dev.PostAsJsonAsync($"/api/v1/grants/{grantId}/revoke", new { reason = "fixed" }, Cancellation);

        revoked.StatusCode.ShouldBe(HttpStatusCode.OK, await revoked.Content.ReadAsStringAsync(Cancellation));
        using var asGrant = host.Cluster.ClientWithToken(grantToken);
        await ((Func<Task>)(() => asGrant.ListPodsAsync("payments"))).ShouldFailWithAsync(HttpStatusCode.Unauthorized);
    }

    private async Task ExpiryAsync()
    {
        var request = await dev.CreateRequestAsync("view", duration: "2s", @namespace: "checkout");
        var grant = request.GetProperty("grant");
        grant.GetProperty("status").GetString().ShouldBe("active", grant.ToString());
        var name = GrantObjectNames.For(grant.GetProperty("id").GetGuid());

        await dev.WaitForGrantStatusAsync(grant.GetProperty("id").GetString()!, "expired", StepTimeout);

        (await ReadOrNullAsync(() => Admin.CoreV1.ReadNamespacedServiceAccountAsync(name, BrokerRbacManifest.Namespace, cancellationToken: Cancellation))).ShouldBeNull();
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(StepTimeout);
        while (!await condition())
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    private static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
