using AccessBroker.Api.Features.Requests;
using AccessBroker.Core.Grants;

namespace AccessBroker.Api.Features.Grants;

/// <summary>A grant as the API shows it, with the time it has left.</summary>
public sealed record GrantSummary(
    Guid Id,
    Guid RequestId,
    PersonView Requester,
    string Cluster,
    string Namespace,
    string Role,
    string Reason,
    GrantStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    TimeSpan TimeLeft,
    IReadOnlyList<string> Approvers,
    string? ServiceAccount,
    string? RoleBinding,
    string? FailureReason,
    DateTimeOffset? EndedAt,
    string? EndedBy)
{
    public static GrantSummary From(Grant grant, DateTimeOffset now) => new(
        grant.Id,
        grant.RequestId,
        PersonView.From(grant.Requester),
        grant.Cluster,
        grant.Namespace,
        grant.Role,
        grant.Reason,
        grant.Status,
        grant.StartsAt,
        grant.EndsAt,
        grant.Status == GrantStatus.Active && grant.EndsAt > now ? TimeSpan.FromSeconds(Math.Floor((grant.EndsAt - now).TotalSeconds)) : TimeSpan.Zero,
        grant.Approvers,
        grant.ServiceAccountName is null ? null : $"{grant.ServiceAccountNamespace}/{grant.ServiceAccountName}",
        grant.RoleBindingName is null ? null : $"{grant.Namespace}/{grant.RoleBindingName}",
        grant.FailureReason,
        grant.EndedAt,
        grant.EndedBy);
}
