using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Requests;
using AccessBroker.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Audit;

/// <summary>
/// One grant's story for a review: the grant, the approvals of its request, the audited steps about it and the
/// Kubernetes calls made with it. For the grant's owner, auditors and admins.
/// </summary>
public sealed record GetGrantActivity(Guid GrantId) : IQuery<Outcome<GrantActivity>>
{
    /// <summary>The most recent calls shown; all of them are in <c>GET /api/v1/audit?grant=…&amp;action=kube.api</c>.</summary>
    public const int MaxKubernetesCalls = 1000;
}

public sealed record GrantActivity(
    Guid GrantId,
    Guid RequestId,
    Person Requester,
    string Cluster,
    string Namespace,
    string Role,
    string Reason,
    GrantStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset? EndedAt,
    string? EndedBy,
    string? ServiceAccount,
    IReadOnlyList<GrantApproval> Approvals,
    IReadOnlyList<AuditRecordView> Steps,
    IReadOnlyList<AuditRecordView> KubernetesCalls,
    bool KubernetesCallsTruncated);

public sealed record GrantApproval(string ApproverSubject, string ApproverName, bool Approved, string? Comment, DateTimeOffset At);

internal sealed class GetGrantActivityHandler(AccessBrokerDbContext database, CurrentUser user) : IQueryHandler<GetGrantActivity, Outcome<GrantActivity>>
{
    public async ValueTask<Outcome<GrantActivity>> Handle(GetGrantActivity query, CancellationToken cancellationToken)
    {
        var grant = await database.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == query.GrantId, cancellationToken);
        if (grant is null || (grant.Requester.Subject != user.Subject && !user.IsAuditor))
        {
            return Failure.NotFound($"Grant {query.GrantId}");
        }

        var approvals = await database.Approvals.AsNoTracking()
            .Where(approval => approval.RequestId == grant.RequestId)
            .OrderBy(approval => approval.At)
            .Select(approval => new GrantApproval(approval.ApproverSubject, approval.ApproverName, approval.Approved, approval.Comment, approval.At))
            .ToListAsync(cancellationToken);
        var about = database.AuditRecords.AsNoTracking().Where(record => record.GrantId == grant.Id || record.RequestId == grant.RequestId);
        var steps = await about.Where(record => record.Action != AuditActions.KubeApi).OrderBy(record => record.Sequence).ToListAsync(cancellationToken);
        var calls = await about.Where(record => record.Action == AuditActions.KubeApi)
            .OrderByDescending(record => record.Sequence)
            .Take(GetGrantActivity.MaxKubernetesCalls + 1)
            .ToListAsync(cancellationToken);

        return new GrantActivity(
            grant.Id, grant.RequestId, grant.Requester, grant.Cluster, grant.Namespace, grant.Role, grant.Reason, grant.Status,
            grant.StartsAt, grant.EndsAt, grant.EndedAt, grant.EndedBy,
            grant.ServiceAccountName is null ? null : $"system:serviceaccount:{grant.ServiceAccountNamespace}:{grant.ServiceAccountName}",
            approvals,
            steps.Select(AuditRecordView.From).ToArray(),
            calls.Take(GetGrantActivity.MaxKubernetesCalls).Reverse().Select(AuditRecordView.From).ToArray(),
            calls.Count > GetGrantActivity.MaxKubernetesCalls);
    }
}
