using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using FluentValidation;
using Mediator;

namespace AccessBroker.Api.Features.Actions;

/// <summary>Returns a Deployment to an earlier revision (the previous one by default), as <c>kubectl rollout undo</c> does.</summary>
public sealed record RollbackDeployment(Guid GrantId, string Deployment, long? Revision, string Reason) : ICommand<Outcome<RolledBackDeployment>>, IAuditedAction
{
    public AuditedAction DescribeForAudit() =>
        new(AuditActions.DeploymentRolledBack, new AuditTarget(null, null, "Deployment", Deployment), Reason, GrantId, Details: new { revision = Revision });
}

public sealed record RolledBackDeployment(
    string Deployment, long? RevisionBefore, long? RevisionAfter, IReadOnlyList<string> ImagesBefore, IReadOnlyList<string> ImagesAfter) : IAuditedResult
{
    [System.Text.Json.Serialization.JsonIgnore]
    public object AuditDetails => new { revisionBefore = RevisionBefore, revisionAfter = RevisionAfter, imagesBefore = ImagesBefore, imagesAfter = ImagesAfter };
}

internal sealed class RollbackDeploymentValidator : AbstractValidator<RollbackDeployment>
{
    public RollbackDeploymentValidator()
    {
        RuleFor(command => command.Deployment).ObjectName();
        RuleFor(command => command.Revision).GreaterThan(0);
        RuleFor(command => command.Reason).ActionReason();
    }
}

internal sealed class RollbackDeploymentHandler(GrantActionRunner runner, IGrantActions actions) : ICommandHandler<RollbackDeployment, Outcome<RolledBackDeployment>>
{
    public async ValueTask<Outcome<RolledBackDeployment>> Handle(RollbackDeployment command, CancellationToken cancellationToken) =>
        await runner.RunAsync<RolledBackDeployment>(command.GrantId, BrokeredAction.Rollback, async grant =>
        {
            var rollback = await actions.RollbackDeploymentAsync(grant, command.Deployment, command.Revision, cancellationToken);
            if (!rollback.Applied)
            {
                var wanted = command.Revision is { } revision ? $"Revision {revision}" : "A previous revision";
                return Failure.Conflict($"{wanted} of Deployment '{command.Deployment}' does not exist; available revisions: {string.Join(", ", rollback.AvailableRevisions)}.")
                    with { Extensions = new Dictionary<string, object?> { ["availableRevisions"] = rollback.AvailableRevisions } };
            }

            return new RolledBackDeployment(command.Deployment, rollback.RevisionBefore, rollback.RevisionAfter, rollback.ImagesBefore, rollback.ImagesAfter);
        }, cancellationToken);
}
