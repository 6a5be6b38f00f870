using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Requests;

/// <summary>One request with its decision, approvals and grant: for its requester, its possible approvers, auditors and admins.</summary>
public sealed record GetRequest(Guid RequestId) : IQuery<Outcome<RequestView>>;

internal sealed class GetRequestHandler(AccessBrokerDbContext database, CurrentUser user, TimeProvider time)
    : IQueryHandler<GetRequest, Outcome<RequestView>>
{
    public async ValueTask<Outcome<RequestView>> Handle(GetRequest query, CancellationToken cancellationToken)
    {
        var request = await database.AccessRequests.AsNoTracking().Include(r => r.Approvals)
            .SingleOrDefaultAsync(r => r.Id == query.RequestId, cancellationToken);
        if (request is null || !(user.IsAuditor || request.IsVisibleTo(user.Person)))
        {
            return Failure.NotFound($"Request {query.RequestId}");
        }

        var grant = await database.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.RequestId == request.Id, cancellationToken);
        return RequestView.From(request, grant, time.GetUtcNow());
    }
}
