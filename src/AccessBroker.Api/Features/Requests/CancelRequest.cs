using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Requests;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Requests;

/// <summary>The requester withdraws their own request while it is still pending.</summary>
public sealed record CancelRequest(Guid RequestId, string? Comment) : ICommand<Outcome<RequestSummary>>;

internal sealed class CancelRequestValidator : AbstractValidator<CancelRequest>
{
    public CancelRequestValidator()
    {
        RuleFor(command => command.Comment).MaximumLength(500);
    }
}

internal sealed class CancelRequestHandler(AccessBrokerDbContext database, CurrentUser user, IAuditLog audit, TimeProvider time)
    : ICommandHandler<CancelRequest, Outcome<RequestSummary>>
{
    public async ValueTask<Outcome<RequestSummary>> Handle(CancelRequest command, CancellationToken cancellationToken)
    {
        var subject = user.Subject;
        var request = await database.AccessRequests
            .SingleOrDefaultAsync(r => r.Id == command.RequestId && r.Requester.Subject == subject, cancellationToken);
        if (request is null)
        {
            return Failure.NotFound($"Request {command.RequestId}");
        }

        if (request.Status != AccessRequestStatus.Pending)
        {
            return Failure.Conflict($"Request {request.Id} is {request.Status}; only pending requests can be cancelled.");
        }

        request.Close(AccessRequestStatus.Cancelled, command.Comment, time.GetUtcNow());
        await database.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(
            new AuditEntry(AuditActions.RequestCancelled, user.AuditActor, request.Target(), AuditOutcome.Succeeded, command.Comment, RequestId: request.Id),
            cancellationToken);
        return RequestSummary.From(request);
    }
}
