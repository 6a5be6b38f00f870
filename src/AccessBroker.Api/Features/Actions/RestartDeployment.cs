using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using FluentValidation;
using Mediator;

namespace AccessBroker.Api.Features.Actions;

/// <summary>Rolls a Deployment's pods again without changing its spec, as <c>kubectl rollout restart</c> does.</summary>
public sealed record RestartDeployment(Guid GrantId, string Deployment, string Reason) : ICommand<Outcome<RestartedDeployment>>, IAuditedAction
{
    public AuditedAction DescribeForAudit() =>
        new(AuditActions.DeploymentRestarted, new AuditTarget(null, null, "Deployment", Deployment), Reason, GrantId);
}

public sealed record RestartedDeployment(string Deployment, DateTimeOffset RestartedAt) : IAuditedResult
{
    [System.Text.Json.Serialization.JsonIgnore]
    public object AuditDetails => new { restartedAt = RestartedAt };
}

internal sealed class RestartDeploymentValidator : AbstractValidator<RestartDeployment>
{
    public RestartDeploymentValidator()
    {
        RuleFor(command => command.Deployment).ObjectName();
        RuleFor(command => command.Reason).ActionReason();
    }
}

internal sealed class RestartDeploymentHandler(GrantActionRunner runner, IGrantActions actions, TimeProvider time)
    : ICommandHandler<RestartDeployment, Outcome<RestartedDeployment>>
{
    public async ValueTask<Outcome<RestartedDeployment>> Handle(RestartDeployment command, CancellationToken cancellationToken) =>
        await runner.RunAsync<RestartedDeployment>(command.GrantId, BrokeredAction.Restart, async grant =>
        {
            var restartedAt = time.GetUtcNow();
            await actions.RestartDeploymentAsync(grant, command.Deployment, restartedAt, cancellationToken);
            return new RestartedDeployment(command.Deployment, restartedAt);
        }, cancellationToken);
}
