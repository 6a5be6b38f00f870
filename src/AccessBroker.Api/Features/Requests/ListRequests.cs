using AccessBroker.Api.Identity;
using AccessBroker.Core.Policies;
using AccessBroker.Core.Requests;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Requests;

/// <summary>The caller's own access requests, newest first, one cursor page at a time.</summary>
public sealed record ListRequests(AccessRequestStatus? Status, int Limit = ListRequests.DefaultLimit, string? Cursor = null)
    : IQuery<RequestPage>
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
    DateTimeOffset CreatedAt)
{
    internal static RequestSummary From(AccessRequest request) => new(
        request.Id, request.Cluster, request.Namespace, request.Role, PolicyDuration.Format(request.Duration), request.Reason,
        request.Status, request.Policy, request.CreatedAt);
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

internal sealed class ListRequestsHandler(AccessBrokerDbContext database, CurrentUser user) : IQueryHandler<ListRequests, RequestPage>
{
    public async ValueTask<RequestPage> Handle(ListRequests query, CancellationToken cancellationToken)
    {
        var subject = user.Subject;
        var requests = database.AccessRequests.AsNoTracking().Where(request => request.Requester.Subject == subject);
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
}
