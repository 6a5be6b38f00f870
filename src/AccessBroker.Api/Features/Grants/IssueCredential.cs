using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Grants;

/// <summary>
/// A fresh short-lived token for the caller's active grant as a kubectl <c>ExecCredential</c>. Eligibility is
/// checked again (someone removed from the policy's groups gets no new token); the token is never stored.
/// </summary>
public sealed record IssueCredential(Guid GrantId, string ApiVersion) : ICommand<Outcome<ExecCredential>>;

/// <summary>client.authentication.k8s.io ExecCredential, as kubectl expects it from an exec plugin.</summary>
public sealed record ExecCredential(string ApiVersion, string Kind, ExecCredentialStatus Status);

public sealed record ExecCredentialStatus(string Token, DateTimeOffset ExpirationTimestamp);

internal sealed class IssueCredentialValidator : AbstractValidator<IssueCredential>
{
    public static readonly string[] ApiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];

    public IssueCredentialValidator()
    {
        RuleFor(command => command.ApiVersion).Must(ApiVersions.Contains)
            .WithMessage($"'ApiVersion' must be one of {string.Join(", ", ApiVersions)}.");
    }
}

internal sealed class IssueCredentialHandler(
    AccessBrokerDbContext database, CurrentUser user, PolicyStore policies, IClusterAccess clusters, IAuditLog audit, TimeProvider time, BrokerMetrics metrics)
    : ICommandHandler<IssueCredential, Outcome<ExecCredential>>
{
    public async ValueTask<Outcome<ExecCredential>> Handle(IssueCredential command, CancellationToken cancellationToken)
    {
        var grant = await database.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == command.GrantId, cancellationToken);
        if (grant is null || !user.Owns(grant))
        {
            return Failure.NotFound($"Grant {command.GrantId}");
        }

        var now = time.GetUtcNow();
        if (grant.Status != GrantStatus.Active || grant.EndsAt <= now || GrantRevoker.ObjectsOf(grant) is not { } objects)
        {
            return Failure.Conflict($"Grant {grant.Id} is {(grant.Status == GrantStatus.Active ? "past its end" : grant.Status.ToString().ToLowerInvariant())}; request access again.");
        }

        var decision = policies.Evaluate(user.ToPolicyUser(), new PolicyRequest(grant.Cluster, grant.Namespace, grant.Role, grant.EndsAt - grant.StartsAt, grant.Reason), now);
        if (decision.Outcome == DecisionOutcome.Denied)
        {
            await audit.AppendAsync(
                new AuditEntry(AuditActions.AccessDenied, user.AuditActor, new AuditTarget(grant.Cluster, grant.Namespace, "Grant", grant.Role),
                    AuditOutcome.Denied, "no longer eligible for a credential", grant.Id, grant.RequestId,
                    new { explanations = decision.Explanations.Select(e => $"{e.Policy}: {e.Reason}").ToArray() }),
                cancellationToken);
            return Failure.Forbidden("You are no longer eligible for this grant under the current policies, so no new credential is issued.");
        }

        IssuedToken token;
        try
        {
            token = await clusters.RequestTokenAsync(grant.Cluster, objects, grant.EndsAt - now, cancellationToken);
        }
        catch (ClusterException exception)
        {
            return Failure.Unavailable($"Cluster '{grant.Cluster}' did not issue a token: {exception.Message}");
        }

        // kubectl asks again after expirationTimestamp: never later than the grant's end, even when Kubernetes'
        // 10-minute floor makes the token itself live longer (deleting the ServiceAccount at the end revokes it).
        var expires = token.ExpiresAt < grant.EndsAt ? token.ExpiresAt : grant.EndsAt;
        await audit.AppendAsync(
            new AuditEntry(AuditActions.CredentialIssued, user.AuditActor, new AuditTarget(grant.Cluster, grant.Namespace, "ServiceAccount", objects.ServiceAccountName),
                AuditOutcome.Succeeded, grant.Reason, grant.Id, grant.RequestId,
                new { apiVersion = command.ApiVersion, expirationTimestamp = expires, tokenExpiresAt = token.ExpiresAt, credentialId = token.CredentialId }),
            cancellationToken);
        metrics.CredentialIssued(grant);
        return new ExecCredential(command.ApiVersion, "ExecCredential", new ExecCredentialStatus(token.Token, expires));
    }
}
