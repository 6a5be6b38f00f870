using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Grants;
using AccessBroker.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Grants;

/// <summary>One grant with its time left: for its owner, auditors and admins.</summary>
public sealed record GetGrant(Guid GrantId) : IQuery<Outcome<GrantSummary>>;

internal sealed class GetGrantHandler(AccessBrokerDbContext database, CurrentUser user, TimeProvider time) : IQueryHandler<GetGrant, Outcome<GrantSummary>>
{
    public async ValueTask<Outcome<GrantSummary>> Handle(GetGrant query, CancellationToken cancellationToken)
    {
        var grant = await database.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == query.GrantId, cancellationToken);
        return grant is not null && (user.IsAuditor || user.Owns(grant))
            ? GrantSummary.From(grant, time.GetUtcNow())
            : Failure.NotFound($"Grant {query.GrantId}");
    }
}

internal static class GrantOwnership
{
    public static bool Owns(this CurrentUser user, Grant grant) =>
        string.Equals(grant.Requester.Subject, user.Subject, StringComparison.Ordinal);
}
