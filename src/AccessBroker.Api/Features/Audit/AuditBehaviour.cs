using System.Diagnostics;
using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using Mediator;

namespace AccessBroker.Api.Features.Audit;

/// <summary>A brokered action: the audit behaviour records its intent before the handler runs and its result after.</summary>
public interface IAuditedAction
{
    AuditedAction DescribeForAudit();
}

/// <summary>A result whose facts (before/after, sizes) belong in the audit record of its action.</summary>
public interface IAuditedResult
{
    object AuditDetails { get; }
}

/// <summary>What an audited action is about; the behaviour adds the actor, the outcome and the trace.</summary>
public sealed record AuditedAction(string Action, AuditTarget Target, string? Reason = null, Guid? GrantId = null, Guid? RequestId = null, object? Details = null);

/// <summary>
/// Writes an <see cref="AuditOutcome.Intended"/> record before every <see cref="IAuditedAction"/> and a result record
/// after it, with the <see cref="IAuditedResult"/> details of a success (succeeded; denied for a 403 failure; failed for any other failure or an exception, with its message).
/// Running for every message means no audited command can forget to audit, and a crash between the two records
/// leaves the intent behind.
/// </summary>
internal sealed class AuditBehaviour<TMessage, TResponse>(IAuditLog log, CurrentUser user, IHttpContextAccessor http, IGrantAuditScope grantScope, BrokerMetrics metrics)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IAuditedAction audited)
        {
            return await next(message, cancellationToken);
        }

        var action = await grantScope.CompleteAsync(audited.DescribeForAudit(), cancellationToken);
        var actor = Actor();
        var intent = await log.AppendAsync(Entry(action, actor, AuditOutcome.Intended, action.Details), cancellationToken);

        // The result is recorded even when the caller has gone away: the action may already have reached the cluster.
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var (outcome, error) = response is IOutcome { Failure: { } failure }
                ? (failure.Status == StatusCodes.Status403Forbidden ? AuditOutcome.Denied : AuditOutcome.Failed, failure.Detail)
                : (AuditOutcome.Succeeded, null);
            metrics.ActionRun(action.Action, outcome, action.Target.Cluster, Stopwatch.GetElapsedTime(started));
            var result = ((response as IOutcome)?.Result as IAuditedResult)?.AuditDetails;
            await log.AppendAsync(Entry(action, actor, outcome, new { intentSequence = intent.Sequence, error, result }), CancellationToken.None);
            return response;
        }
        catch (Exception exception)
        {
            metrics.ActionRun(action.Action, AuditOutcome.Failed, action.Target.Cluster, Stopwatch.GetElapsedTime(started));
            await log.AppendAsync(Entry(action, actor, AuditOutcome.Failed, new { intentSequence = intent.Sequence, error = exception.Message }), CancellationToken.None);
            throw;
        }
    }

    private static AuditEntry Entry(AuditedAction action, AuditActor actor, AuditOutcome outcome, object? details) =>
        new(action.Action, actor, action.Target, outcome, action.Reason, action.GrantId, action.RequestId, details, Activity.Current?.TraceId.ToString());

    private AuditActor Actor()
    {
        if (http.HttpContext is not { User.Identity.IsAuthenticated: true } context)
        {
            return AuditActor.System;
        }

        var person = user.Person;
        return new AuditActor(person.Subject, person.Name, person.Groups, context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString());
    }
}
