using System.Text.Json;
using AccessBroker.Api.Features.Grants;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Requests;

namespace AccessBroker.Api.Features.Requests;

/// <summary>A request as the API shows it: scope, status, the policy decision with its explanations, approvals and the grant.</summary>
public sealed record RequestView(
    Guid Id,
    PersonView Requester,
    string Cluster,
    string Namespace,
    string Role,
    TimeSpan Duration,
    string Reason,
    AccessRequestStatus Status,
    string? Policy,
    int RequiredApprovals,
    IReadOnlyList<string> ApproverGroups,
    IReadOnlyList<ApprovalView> Approvals,
    DateTimeOffset CreatedAt,
    DateTimeOffset PendingUntil,
    DateTimeOffset? ClosedAt,
    string? ClosingComment,
    JsonElement? Decision,
    GrantSummary? Grant)
{
    public static RequestView From(AccessRequest request, Grant? grant, DateTimeOffset now) => new(
        request.Id,
        PersonView.From(request.Requester),
        request.Cluster,
        request.Namespace,
        request.Role,
        request.Duration,
        request.Reason,
        request.Status,
        request.Policy,
        request.RequiredApprovals,
        request.ApproverGroups,
        request.Approvals.OrderBy(a => a.At).Select(a => new ApprovalView(a.ApproverSubject, a.ApproverName, a.Approved, a.Comment, a.At)).ToArray(),
        request.CreatedAt,
        request.PendingUntil,
        request.ClosedAt,
        request.ClosingComment,
        request.DecisionJson is null ? null : JsonSerializer.Deserialize<JsonElement>(request.DecisionJson),
        grant is null ? null : GrantSummary.From(grant, now));
}

public sealed record PersonView(string Subject, string Name, string? Email, IReadOnlyList<string> Groups)
{
    public static PersonView From(Person person) => new(person.Subject, person.Name, person.Email, person.Groups);
}

public sealed record ApprovalView(string Approver, string ApproverName, bool Approved, string? Comment, DateTimeOffset At);
