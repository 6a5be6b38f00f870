using System.Net;
using AccessBroker.Core.Leadership;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AccessBroker.Kubernetes;

/// <summary>Where the leadership Lease lives, who this replica is, and the timings of client-go's leader election.</summary>
/// <param name="Namespace">The Lease's namespace (the broker namespace).</param>
/// <param name="Name">The Lease's name.</param>
/// <param name="Identity">This replica's name in the Lease's holderIdentity; unique per process.</param>
/// <param name="LeaseDuration">How long others wait, after they last saw the Lease change, before taking it over.</param>
/// <param name="RenewDeadline">How long the leader keeps acting as leader after its last successful renewal; shorter than <paramref name="LeaseDuration"/>.</param>
/// <param name="RetryPeriod">How often the Lease is renewed or tried.</param>
public sealed record LeaseLockSettings(
    string Namespace, string Name, string Identity, TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod);

/// <summary>
/// Leadership through a <c>coordination.k8s.io/v1</c> Lease, with the semantics of client-go's leaderelection:
/// a replica takes the Lease when it is free, or when its record has not changed for the Lease duration as
/// measured on this replica's own clock (so clock skew between replicas does not matter); every write carries
/// the Lease's resourceVersion, so of two replicas racing only one succeeds (409 for the other). Once held, the
/// Lease is renewed in the background every retry period, and this replica stops acting as leader when it has
/// not renewed for the renew deadline — before anyone else may take over. Disposing releases a held Lease so
/// another replica takes over at once. The broker calls get, create and update on its Lease, nothing else.
/// </summary>
public sealed partial class LeaseLeaderLock(Func<IKubernetes> client, LeaseLockSettings settings, TimeProvider time, ILogger<LeaseLeaderLock> logger)
    : ILeaderLock
{
    public const string DefaultLeaseName = "accessbroker-leader";

    private readonly Lock gate = new();
    private DateTimeOffset? renewedAt;
    private string? observedVersion;
    private DateTimeOffset observedAt;
    private CancellationTokenSource? stopping;
    private Task? renewing;

    /// <summary>Whether this replica renewed the Lease within the renew deadline.</summary>
    public bool IsLeader
    {
        get
        {
            lock (gate)
            {
                return renewedAt is { } at && time.GetUtcNow() - at < settings.RenewDeadline;
            }
        }
    }

    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        if (renewing is null)
        {
            await StepAsync(cancellationToken);
            stopping = new CancellationTokenSource();
            renewing = RenewAsync(stopping.Token);
        }

        return IsLeader;
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping is not null && renewing is not null)
        {
            await stopping.CancelAsync();
            await renewing;
            stopping.Dispose();
        }

        if (IsLeader)
        {
            await ReleaseAsync();
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(settings.RetryPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await StepAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by DisposeAsync.
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var wasLeader = IsLeader;
        var startedAt = time.GetUtcNow();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.RenewDeadline);
        try
        {
            if (await TryAcquireOrRenewAsync(startedAt, deadline.Token))
            {
                lock (gate)
                {
                    // The time before the call, not after: the leader's own view errs on the short side.
                    renewedAt = startedAt;
                }
            }
        }
        catch (Exception exception) when (exception is HttpOperationException or HttpRequestException
                                              || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogLeaseCallFailed(settings.Namespace, settings.Name, exception.Message);
        }

        var isLeader = IsLeader;
        if (isLeader && !wasLeader)
        {
            LogBecameLeader(settings.Namespace, settings.Name, settings.Identity);
        }
        else if (wasLeader && !isLeader)
        {
            LogLostLeadership(settings.Namespace, settings.Name, settings.Identity);
        }
    }

    /// <summary>One round of client-go's tryAcquireOrRenew: true when this replica holds the Lease afterwards.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kubernetes = client();
        var lease = await ReadAsync(kubernetes, cancellationToken);
        if (lease is null)
        {
            var created = new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace },
                Spec = Record(now, now, 0),
            };
            return await WriteAsync(() => kubernetes.CoordinationV1.CreateNamespacedLeaseAsync(created, settings.Namespace, cancellationToken: cancellationToken), now);
        }

        var current = lease.Spec ?? new V1LeaseSpec();
        if (lease.Metadata.ResourceVersion != observedVersion)
        {
            observedVersion = lease.Metadata.ResourceVersion;
            observedAt = now;
        }

        var mine = current.HolderIdentity == settings.Identity;
        var heldByOther = !string.IsNullOrEmpty(current.HolderIdentity) && !mine;
        if (heldByOther && observedAt + TimeSpan.FromSeconds(current.LeaseDurationSeconds ?? 0) > now)
        {
            return false;
        }

        lease.Spec = mine
            ? Record(DateTimeOffsetOf(current.AcquireTime) ?? now, now, current.LeaseTransitions ?? 0)
            : Record(now, now, (current.LeaseTransitions ?? 0) + 1);
        return await WriteAsync(() => kubernetes.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, settings.Name, settings.Namespace, cancellationToken: cancellationToken), now);
    }

    /// <summary>Writes the Lease; a 409 (someone else wrote it first, or created it) means another replica won this round.</summary>
    private async Task<bool> WriteAsync(Func<Task<V1Lease>> write, DateTimeOffset now)
    {
        try
        {
            var written = await write();
            observedVersion = written.Metadata.ResourceVersion;
            observedAt = now;
            return true;
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Gives the Lease up (holder cleared, as client-go's ReleaseOnCancel does) so another replica need not wait for it to expire.</summary>
    private async Task ReleaseAsync()
    {
        lock (gate)
        {
            renewedAt = null;
        }

        using var deadline = new CancellationTokenSource(settings.RenewDeadline);
        try
        {
            var kubernetes = client();
            var lease = await ReadAsync(kubernetes, deadline.Token);
            if (lease?.Spec?.HolderIdentity != settings.Identity)
            {
                return;
            }

            var now = time.GetUtcNow();
            lease.Spec = new V1LeaseSpec { LeaseDurationSeconds = 1, AcquireTime = now.UtcDateTime, RenewTime = now.UtcDateTime, LeaseTransitions = lease.Spec.LeaseTransitions };
            await kubernetes.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, settings.Name, settings.Namespace, cancellationToken: deadline.Token);
            LogReleased(settings.Namespace, settings.Name, settings.Identity);
        }
        catch (Exception exception) when (exception is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LogLeaseCallFailed(settings.Namespace, settings.Name, exception.Message);
        }
    }

    private async Task<V1Lease?> ReadAsync(IKubernetes kubernetes, CancellationToken cancellationToken)
    {
        try
        {
            return await kubernetes.CoordinationV1.ReadNamespacedLeaseAsync(settings.Name, settings.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private V1LeaseSpec Record(DateTimeOffset acquired, DateTimeOffset renewed, int transitions) => new()
    {
        HolderIdentity = settings.Identity,
        // Whole seconds on the wire; rounding up keeps other replicas waiting at least as long as configured.
        LeaseDurationSeconds = (int)Math.Ceiling(settings.LeaseDuration.TotalSeconds),
        AcquireTime = acquired.UtcDateTime,
        RenewTime = renewed.UtcDateTime,
        LeaseTransitions = transitions,
    };

    private static DateTimeOffset? DateTimeOffsetOf(DateTime? value) =>
        value is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Namespace}/{Name}: {Identity} became leader")]
    private partial void LogBecameLeader(string @namespace, string name, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Namespace}/{Name}: {Identity} lost leadership (not renewed within the renew deadline)")]
    private partial void LogLostLeadership(string @namespace, string name, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Namespace}/{Name}: {Identity} released leadership")]
    private partial void LogReleased(string @namespace, string name, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Namespace}/{Name}: call failed: {Error}")]
    private partial void LogLeaseCallFailed(string @namespace, string name, string error);
}
