using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Policies;
using AccessBroker.Core.Requests;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Requests;

/// <summary>
/// Access requests newest first, one cursor page at a time: the caller's own; with <see cref="AwaitingMe"/> the
/// pending requests the caller can still answer (never their own); with <see cref="All"/> everyone's (auditors and admins).
/// </summary>
public sealed record ListRequests(AccessRequestStatus? Status, int Limit = ListRequests.DefaultLimit, string? Cursor = null, bool AwaitingMe = false, bool All = false)
    : IQuery<Outcome<RequestPage>>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

public sealed record RequestPage(IReadOnlyList<RequestSummary> Items, string? NextCursor);

public sealed record RequestSummary(
    Guid Id,
    string Cluster,
    string Namespace,
    string Role,
    string Duration,
    string Reason,
    AccessRequestStatus Status,
    string? Policy,
    DateTimeOffset CreatedAt,
    PersonView Requester,
    int RequiredApprovals,
    IReadOnlyList<string> ApproverGroups)
{
    internal static RequestSummary From(AccessRequest request) => new(
        request.Id, request.Cluster, request.Namespace, request.Role, PolicyDuration.Format(request.Duration), request.Reason,
        request.Status, request.Policy, request.CreatedAt, PersonView.From(request.Requester), request.RequiredApprovals, request.ApproverGroups);
}

internal sealed class ListRequestsValidator : AbstractValidator<ListRequests>
{
    public ListRequestsValidator()
    {
        RuleFor(query => query.Limit).InclusiveBetween(1, ListRequests.MaxLimit);
        RuleFor(query => query.Status).IsInEnum();
        RuleFor(query => query.Cursor)
            .Must(cursor => CreatedAtCursor.TryDecode(cursor, out _))
            .When(query => query.Cursor is not null)
            .WithMessage("'Cursor' is not a cursor this API returned.");
    }
}

internal sealed class ListRequestsHandler(AccessBrokerDbContext database, CurrentUser user) : IQueryHandler<ListRequests, Outcome<RequestPage>>
{
    public async ValueTask<Outcome<RequestPage>> Handle(ListRequests query, CancellationToken cancellationToken)
    {
        if (query.All && !user.IsAuditor)
        {
            return Failure.Forbidden("Only auditors and admins may list everyone's requests.");
        }

        var subject = user.Subject;
        var requests = database.AccessRequests.AsNoTracking();
        if (query.AwaitingMe)
        {
            return await AwaitingAsync(requests, subject, query, cancellationToken);
        }

        if (!query.All)
        {
            requests = requests.Where(request => request.Requester.Subject == subject);
        }

        if (query.Status is { } status)
        {
            requests = requests.Where(request => request.Status == status);
        }

        if (CreatedAtCursor.TryDecode(query.Cursor, out var before) && before is { } createdBefore)
        {
            requests = requests.Where(request => request.CreatedAt < createdBefore);
        }

        var page = await requests
            .OrderByDescending(request => request.CreatedAt)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken);

        var next = page.Count > query.Limit ? CreatedAtCursor.Encode(page[query.Limit - 1].CreatedAt) : null;
        return new RequestPage(page.Take(query.Limit).Select(RequestSummary.From).ToArray(), next);
    }

    /// <summary>Approver groups are stored as a JSON list, so the group match runs here over the pending requests.</summary>
    private async Task<RequestPage> AwaitingAsync(IQueryable<AccessRequest> requests, string subject, ListRequests query, CancellationToken cancellationToken)
    {
        var person = user.Person;
        var pending = await requests.Include(request => request.Approvals)
            .Where(request => request.Status == AccessRequestStatus.Pending && request.Requester.Subject != subject)
            .OrderByDescending(request => request.CreatedAt)
            .ToListAsync(cancellationToken);
        var mine = pending
            .Where(request => request.IsAwaiting(person))
            .Take(query.Limit)
            .Select(RequestSummary.From)
            .ToArray();
        return new RequestPage(mine, null);
    }
}
