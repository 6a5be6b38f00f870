using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Policies;
using AccessBroker.Core.Requests;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Features.Requests;

/// <summary>
/// A developer asks for a role on a cluster and namespace for a duration, with a reason. Policy decides at
/// once: approved (a grant is provisioned now), pending approval, or denied (kept for review, answered 403 with
/// the decision). The same <see cref="IdempotencyKey"/> from the same user returns the first request again.
/// </summary>
public sealed record CreateRequest(string Cluster, string Namespace, string Role, TimeSpan Duration, string Reason, string? IdempotencyKey = null)
    : ICommand<Outcome<CreatedRequest>>;

/// <summary>The created (or, for a repeated idempotency key, the earlier) request.</summary>
public sealed record CreatedRequest(RequestView Request, bool Replayed);

internal sealed class CreateRequestValidator : AbstractValidator<CreateRequest>
{
    public CreateRequestValidator()
    {
        RuleFor(command => command.Cluster).KubernetesName();
        RuleFor(command => command.Namespace).KubernetesName();
        RuleFor(command => command.Role).KubernetesName();
        RuleFor(command => command.Duration).GreaterThan(TimeSpan.Zero).WithMessage("'Duration' must be longer than zero, e.g. 30m or 1h.");
        RuleFor(command => command.Reason).NotEmpty().MaximumLength(500);
        RuleFor(command => command.IdempotencyKey).MaximumLength(200);
    }
}

internal sealed class CreateRequestHandler(
    AccessBrokerDbContext database,
    CurrentUser user,
    PolicyStore policies,
    IClusterAccess clusters,
    GrantProvisioner provisioner,
    IAuditLog audit,
    TimeProvider time,
    IOptions<GrantSettings> settings,
    BrokerMetrics metrics) : ICommandHandler<CreateRequest, Outcome<CreatedRequest>>
{
    public async ValueTask<Outcome<CreatedRequest>> Handle(CreateRequest command, CancellationToken cancellationToken)
    {
        var requester = user.Person;
        var idempotencyKey = command.IdempotencyKey is null ? null : IdempotencyKeyFor(requester.Subject, command.IdempotencyKey);
        if (idempotencyKey is not null
            && await database.AccessRequests.Include(r => r.Approvals).SingleOrDefaultAsync(r => r.IdempotencyKey == idempotencyKey, cancellationToken) is { } earlier)
        {
            var earlierGrant = await database.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.RequestId == earlier.Id, cancellationToken);
            return new CreatedRequest(RequestView.From(earlier, earlierGrant, time.GetUtcNow()), Replayed: true);
        }

        if (!clusters.HasCluster(command.Cluster))
        {
            return Failure.Invalid("cluster", $"Cluster '{command.Cluster}' is not configured; known clusters: {string.Join(", ", clusters.ClusterNames)}.");
        }

        var now = time.GetUtcNow();
        var decision = policies.Evaluate(user.ToPolicyUser(), new PolicyRequest(command.Cluster, command.Namespace, command.Role, command.Duration, command.Reason), now, explain: true);
        var request = new AccessRequest
        {
            Id = Guid.CreateVersion7(now),
            Requester = requester,
            Cluster = command.Cluster,
            Namespace = command.Namespace,
            Role = command.Role,
            Duration = command.Duration,
            Reason = command.Reason,
            Status = AccessRequestStatus.Pending,
            Policy = decision.Policy,
            RequiredApprovals = decision.Approval?.Count ?? 0,
            ApproverGroups = decision.Approval?.Groups ?? [],
            DecisionJson = JsonSerializer.Serialize(decision, PolicyJson.Options),
            IdempotencyKey = idempotencyKey,
            CreatedAt = now,
            PendingUntil = now + settings.Value.PendingRequestLifetime,
        };
        if (decision.Outcome != DecisionOutcome.PendingApproval)
        {
            request.Close(decision.Outcome == DecisionOutcome.Approved ? AccessRequestStatus.Approved : AccessRequestStatus.Denied, null, now);
        }

        database.AccessRequests.Add(request);
        await database.SaveChangesAsync(cancellationToken);
        metrics.RequestDecided(decision.Outcome, decision.Policy, request.Cluster);
        var actor = user.AuditActor;
        await audit.AppendAsync(
            new AuditEntry(AuditActions.RequestCreated, actor, request.Target(), AuditOutcome.Succeeded, request.Reason, RequestId: request.Id,
                Details: new { duration = PolicyDuration.Format(request.Duration), outcome = decision.Outcome, policy = decision.Policy }),
            cancellationToken);

        if (decision.Outcome == DecisionOutcome.Denied)
        {
            await audit.AppendAsync(
                new AuditEntry(AuditActions.AccessDenied, actor, request.Target(), AuditOutcome.Denied, request.Reason, RequestId: request.Id,
                    Details: new { explanations = decision.Explanations.Select(e => $"{e.Policy}: {e.Reason}").ToArray() }),
                cancellationToken);
            return Failure.PolicyDenied(request.Id, decision);
        }

        var grant = decision.Outcome == DecisionOutcome.Approved
            ? await ApproveAtOnceAsync(request, actor, cancellationToken)
            : null;
        return new CreatedRequest(RequestView.From(request, grant, time.GetUtcNow()), Replayed: false);
    }

    private async Task<Core.Grants.Grant> ApproveAtOnceAsync(AccessRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(
            new AuditEntry(AuditActions.RequestApproved, actor, request.Target(), AuditOutcome.Succeeded, request.Reason, RequestId: request.Id,
                Details: new { mode = "auto", policy = request.Policy }),
            cancellationToken);
        return await provisioner.ActivateAsync(request, actor, cancellationToken);
    }

    /// <summary>Keys are per user: the same key from two people never collides.</summary>
    private static string IdempotencyKeyFor(string subject, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject + "\n" + key)));
}
