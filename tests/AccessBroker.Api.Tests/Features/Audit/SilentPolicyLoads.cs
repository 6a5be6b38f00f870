using AccessBroker.Api.Features.Policies;
using AccessBroker.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Api.Tests.Features.Audit;

/// <summary>
/// Audit-log tests count and number records exactly, so the policy load at start-up must not add one: the
/// reloader gets an audit log that records nothing. Everything else writes to the real log.
/// </summary>
internal sealed class SilentPolicyLoads : IAuditLog
{
    public static void Install(IServiceCollection services)
    {
        services.Remove(services.Single(descriptor => descriptor.ServiceType == typeof(PolicyReloader)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<PolicyReloader>(provider, new SilentPolicyLoads()));
    }

    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        Task.FromResult(new AuditRecord { Action = entry.Action, ActorSubject = entry.Actor.Subject, PreviousHash = AuditChain.Genesis, Hash = AuditChain.Genesis });

    public Task<IReadOnlyList<AuditRecord>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([]);
}
