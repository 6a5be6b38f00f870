using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using FluentValidation;
using Mediator;

namespace AccessBroker.Api.Features.Actions;

/// <summary>Sets a Deployment's replicas through its <c>scale</c> subresource, as <c>kubectl scale</c> does.</summary>
public sealed record ScaleDeployment(Guid GrantId, string Deployment, int Replicas, string Reason) : ICommand<Outcome<ScaledDeployment>>, IAuditedAction
{
    public AuditedAction DescribeForAudit() =>
        new(AuditActions.DeploymentScaled, new AuditTarget(null, null, "Deployment", Deployment), Reason, GrantId, Details: new { replicas = Replicas });
}

public sealed record ScaledDeployment(string Deployment, int ReplicasBefore, int ReplicasAfter) : IAuditedResult
{
    [System.Text.Json.Serialization.JsonIgnore]
    public object AuditDetails => new { replicasBefore = ReplicasBefore, replicasAfter = ReplicasAfter };
}

internal sealed class ScaleDeploymentValidator : AbstractValidator<ScaleDeployment>
{
    public ScaleDeploymentValidator()
    {
        RuleFor(command => command.Deployment).ObjectName();
        RuleFor(command => command.Replicas).InclusiveBetween(0, 1000);
        RuleFor(command => command.Reason).ActionReason();
    }
}

internal sealed class ScaleDeploymentHandler(GrantActionRunner runner, IGrantActions actions) : ICommandHandler<ScaleDeployment, Outcome<ScaledDeployment>>
{
    public async ValueTask<Outcome<ScaledDeployment>> Handle(ScaleDeployment command, CancellationToken cancellationToken) =>
        await runner.RunAsync<ScaledDeployment>(command.GrantId, BrokeredAction.Scale, async grant =>
        {
            var change = await actions.ScaleDeploymentAsync(grant, command.Deployment, command.Replicas, cancellationToken);
            return new ScaledDeployment(command.Deployment, change.Before, change.After);
        }, cancellationToken);
}
