using System.Text;
using AccessBroker.KubeSim;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccessBroker.Kubernetes.Tests;

/// <summary>Two broker replicas' Lease locks against KubeSim: one leads; a leader that leaves or is cut off is replaced.</summary>
public sealed class LeaseLeaderLockTests : IAsyncLifetime
{
    private const string Namespace = "accessbroker";
    private KubeSimServer server = null!;
    private IKubernetes admin = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        server = await KubeSimServer.StartAsync(new KubeSimOptions { SeedYaml = "apiVersion: v1\nkind: Namespace\nmetadata: {name: accessbroker}\n" }, Cancellation);
        admin = Client();
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task TwoReplicas_OnlyTheFirstLeads_AndKeepsRenewingTheLease()
    {
        await using var first = Lock("replica-a");
        await using var second = Lock("replica-b");

        (await first.TryHoldAsync(Cancellation)).ShouldBeTrue();
        (await second.TryHoldAsync(Cancellation)).ShouldBeFalse();

        var lease = await ReadLeaseAsync();
        lease.Spec.HolderIdentity.ShouldBe("replica-a");
        lease.Spec.LeaseDurationSeconds.ShouldBe(30);
        var renewed = await EventuallyAsync(async () => await ReadLeaseAsync() is { } current && current.Spec.RenewTime > lease.Spec.RenewTime);
        renewed.ShouldBeTrue("the leader renews the Lease every retry period");
        (await second.TryHoldAsync(Cancellation)).ShouldBeFalse();
        (await first.TryHoldAsync(Cancellation)).ShouldBeTrue();
        (await ReadLeaseAsync()).Spec.HolderIdentity.ShouldBe("replica-a");
    }

    [Fact]
    public async Task TwoReplicasStartingTogether_ExactlyOneLeads()
    {
        await using var first = Lock("replica-a");
        await using var second = Lock("replica-b");

        var held = await Task.WhenAll(first.TryHoldAsync(Cancellation), second.TryHoldAsync(Cancellation));

        held.Count(leads => leads).ShouldBe(1);
        (await ReadLeaseAsync()).Spec.HolderIdentity.ShouldBe(held[0] ? "replica-a" : "replica-b");
    }

    [Fact]
    public async Task LeaderStops_ReleasesTheLease_AndTheOtherTakesOverBeforeItWouldHaveExpired()
    {
        var first = Lock("replica-a");
        await using var second = Lock("replica-b");
        (await first.TryHoldAsync(Cancellation)).ShouldBeTrue();
        (await second.TryHoldAsync(Cancellation)).ShouldBeFalse();

        await first.DisposeAsync();

        (await ReadLeaseAsync()).Spec.HolderIdentity.ShouldBeNull();
        // The Lease lasts 30 s; released, it is taken at the other replica's next retry.
        (await EventuallyAsync(() => second.TryHoldAsync(Cancellation), TimeSpan.FromSeconds(10))).ShouldBeTrue();
        var lease = await ReadLeaseAsync();
        lease.Spec.HolderIdentity.ShouldBe("replica-b");
        lease.Spec.LeaseTransitions.ShouldBe(1);
    }

    [Fact]
    public async Task LeaderCutOffFromTheApiServer_StopsLeading_BeforeTheOtherTakesOver()
    {
        var timing = new LeaseTiming(LeaseDuration: TimeSpan.FromSeconds(2), RenewDeadline: TimeSpan.FromSeconds(1), RetryPeriod: TimeSpan.FromMilliseconds(100));
        var network = new CuttableHandler();
        await using var first = Lock("replica-a", timing, network);
        await using var second = Lock("replica-b", timing);
        (await first.TryHoldAsync(Cancellation)).ShouldBeTrue();
        (await second.TryHoldAsync(Cancellation)).ShouldBeFalse();

        network.Cut = true;

        var bothLed = false;
        var secondLeads = await EventuallyAsync(async () =>
        {
            var firstLeads = await first.TryHoldAsync(Cancellation);
            var secondNow = await second.TryHoldAsync(Cancellation);
            bothLed |= firstLeads && secondNow;
            return secondNow;
        }, TimeSpan.FromSeconds(15));

        secondLeads.ShouldBeTrue();
        bothLed.ShouldBeFalse("the cut-off leader gives up after the renew deadline, before the Lease expires for others");
        (await first.TryHoldAsync(Cancellation)).ShouldBeFalse();
        (await ReadLeaseAsync()).Spec.HolderIdentity.ShouldBe("replica-b");
    }

    [Fact]
    public async Task WithoutLeaseRbac_NeverLeads()
    {
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "nobody" } }, Namespace, cancellationToken: Cancellation);
        var token = (await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [] } }, "nobody", Namespace, cancellationToken: Cancellation)).Status.Token;
        await using var replica = new LeaseLeaderLock(() => Client(token), Settings("replica-a", LeaseTiming.Default), TimeProvider.System, NullLogger<LeaseLeaderLock>.Instance);

        (await replica.TryHoldAsync(Cancellation)).ShouldBeFalse();
        await Should.ThrowAsync<k8s.Autorest.HttpOperationException>(() => admin.CoordinationV1.ReadNamespacedLeaseAsync(LeaseLeaderLock.DefaultLeaseName, Namespace, cancellationToken: Cancellation));
    }

    private LeaseLeaderLock Lock(string identity, LeaseTiming? timing = null, CuttableHandler? network = null)
    {
        var client = Client(server.AdminToken, network);
        return new LeaseLeaderLock(() => client, Settings(identity, timing ?? LeaseTiming.Default), TimeProvider.System, NullLogger<LeaseLeaderLock>.Instance);
    }

    private static LeaseLockSettings Settings(string identity, LeaseTiming timing) =>
        new(Namespace, LeaseLeaderLock.DefaultLeaseName, identity, timing.LeaseDuration, timing.RenewDeadline, timing.RetryPeriod);

    private IKubernetes Client(string? token = null, DelegatingHandler? handler = null)
    {
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(server.CreateKubeconfig(token ?? server.AdminToken)));
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        return handler is null ? new k8s.Kubernetes(configuration) : new k8s.Kubernetes(configuration, handler);
    }

    private Task<V1Lease> ReadLeaseAsync() =>
        admin.CoordinationV1.ReadNamespacedLeaseAsync(LeaseLeaderLock.DefaultLeaseName, Namespace, cancellationToken: Cancellation);

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (!await condition())
            {
                await Task.Delay(50, deadline.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (!Cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    private sealed record LeaseTiming(TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod)
    {
        public static LeaseTiming Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Fails every request while <see cref="Cut"/> is set, as a network partition would.</summary>
    private sealed class CuttableHandler : DelegatingHandler
    {
        public volatile bool Cut;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Cut ? throw new HttpRequestException("network cut by the test") : base.SendAsync(request, cancellationToken);
    }
}
