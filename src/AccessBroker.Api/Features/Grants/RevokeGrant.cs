using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Grants;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Grants;

/// <summary>"I'm done": the owner (or an admin) ends a grant early; every token of it stops working at once.</summary>
public sealed record RevokeGrant(Guid GrantId, string? Reason) : ICommand<Outcome<GrantSummary>>;

internal sealed class RevokeGrantValidator : AbstractValidator<RevokeGrant>
{
    public RevokeGrantValidator()
    {
        RuleFor(command => command.Reason).MaximumLength(500);
    }
}

internal sealed class RevokeGrantHandler(AccessBrokerDbContext database, CurrentUser user, GrantRevoker revoker, TimeProvider time)
    : ICommandHandler<RevokeGrant, Outcome<GrantSummary>>
{
    public async ValueTask<Outcome<GrantSummary>> Handle(RevokeGrant command, CancellationToken cancellationToken)
    {
        var grant = await database.Grants.SingleOrDefaultAsync(g => g.Id == command.GrantId, cancellationToken);
        if (grant is null || !(user.IsAdmin || user.Owns(grant)))
        {
            return Failure.NotFound($"Grant {command.GrantId}");
        }

        if (grant.Status is not (GrantStatus.Active or GrantStatus.Provisioning))
        {
            return Failure.Conflict($"Grant {grant.Id} is already {grant.Status.ToString().ToLowerInvariant()}.");
        }

        try
        {
            await revoker.EndAsync(grant, GrantStatus.Revoked, user.AuditActor, command.Reason, cancellationToken);
        }
        catch (ClusterException exception)
        {
            return Failure.Unavailable($"Cluster '{grant.Cluster}' could not revoke the grant now ({exception.Message}); expiry will retry.");
        }

        return GrantSummary.From(grant, time.GetUtcNow());
    }
}
