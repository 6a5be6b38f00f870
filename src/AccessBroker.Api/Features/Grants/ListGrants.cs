using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Grants;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Grants;

/// <summary>The caller's grants (or everyone's with <see cref="All"/>, auditors and admins), newest first, with time left.</summary>
public sealed record ListGrants(GrantStatus? Status, bool All = false, int Limit = 100) : IQuery<Outcome<IReadOnlyList<GrantSummary>>>;

internal sealed class ListGrantsValidator : AbstractValidator<ListGrants>
{
    public ListGrantsValidator()
    {
        RuleFor(query => query.Limit).InclusiveBetween(1, 500);
    }
}

internal sealed class ListGrantsHandler(AccessBrokerDbContext database, CurrentUser user, TimeProvider time)
    : IQueryHandler<ListGrants, Outcome<IReadOnlyList<GrantSummary>>>
{
    public async ValueTask<Outcome<IReadOnlyList<GrantSummary>>> Handle(ListGrants query, CancellationToken cancellationToken)
    {
        if (query.All && !user.IsAuditor)
        {
            return Failure.Forbidden("Only auditors and admins may list everyone's grants.");
        }

        var subject = user.Subject;
        var grants = database.Grants.AsNoTracking();
        if (!query.All)
        {
            grants = grants.Where(grant => grant.Requester.Subject == subject);
        }

        if (query.Status is { } status)
        {
            grants = grants.Where(grant => grant.Status == status);
        }

        var page = await grants.OrderByDescending(grant => grant.StartsAt).Take(query.Limit).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return page.Select(grant => GrantSummary.From(grant, now)).ToArray();
    }
}
