using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using FluentValidation;
using Mediator;

namespace AccessBroker.Api.Features.Actions;

/// <summary>A pod's log, recorded as a read (<c>pod.logs</c>) with its size, not its text.</summary>
public sealed record ReadPodLogs(Guid GrantId, string Pod, string? Container, int? TailLines, int? SinceSeconds, string? Reason = null)
    : IQuery<Outcome<PodLogs>>, IAuditedAction
{
    public AuditedAction DescribeForAudit() =>
        new(AuditActions.PodLogs, new AuditTarget(null, null, "Pod", Pod), Reason, GrantId,
            Details: new { container = Container, tailLines = TailLines, sinceSeconds = SinceSeconds });
}

public sealed record PodLogs(string Text) : IAuditedResult
{
    [System.Text.Json.Serialization.JsonIgnore]
    public object AuditDetails => new { bytes = System.Text.Encoding.UTF8.GetByteCount(Text) };
}

internal sealed class ReadPodLogsValidator : AbstractValidator<ReadPodLogs>
{
    public ReadPodLogsValidator()
    {
        RuleFor(query => query.Pod).ObjectName();
        RuleFor(query => query.TailLines).GreaterThan(0);
        RuleFor(query => query.SinceSeconds).GreaterThan(0);
        RuleFor(query => query.Reason).MaximumLength(500);
    }
}

internal sealed class ReadPodLogsHandler(GrantActionRunner runner, IGrantActions actions) : IQueryHandler<ReadPodLogs, Outcome<PodLogs>>
{
    public async ValueTask<Outcome<PodLogs>> Handle(ReadPodLogs query, CancellationToken cancellationToken) =>
        await runner.RunAsync<PodLogs>(query.GrantId, BrokeredAction.Logs, async grant =>
            new PodLogs(await actions.ReadPodLogsAsync(grant, new PodLogQuery(query.Pod, query.Container, query.TailLines, query.SinceSeconds), cancellationToken)),
            cancellationToken);
}
