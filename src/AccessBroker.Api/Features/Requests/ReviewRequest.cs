using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Requests;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Requests;

/// <summary>
/// An approver approves or denies a pending request. Approvers must be in the policy's approver groups, never
/// answer their own request and count once each; the request is approved when the policy's count is reached.
/// </summary>
public sealed record ReviewRequest(Guid RequestId, bool Approve, string? Comment) : ICommand<Outcome<RequestView>>;

internal sealed class ReviewRequestValidator : AbstractValidator<ReviewRequest>
{
    public ReviewRequestValidator()
    {
        RuleFor(command => command.Comment).MaximumLength(500);
    }
}

internal sealed class ReviewRequestHandler(
    AccessBrokerDbContext database, CurrentUser user, GrantProvisioner provisioner, IAuditLog audit, TimeProvider time, BrokerMetrics metrics)
    : ICommandHandler<ReviewRequest, Outcome<RequestView>>
{
    public async ValueTask<Outcome<RequestView>> Handle(ReviewRequest command, CancellationToken cancellationToken)
    {
        var request = await database.AccessRequests.Include(r => r.Approvals).SingleOrDefaultAsync(r => r.Id == command.RequestId, cancellationToken);
        var reviewer = user.Person;
        if (request is null || !(user.IsAdmin || request.IsVisibleTo(reviewer)))
        {
            return Failure.NotFound($"Request {command.RequestId}");
        }

        var now = time.GetUtcNow();
        var result = request.Review(reviewer, command.Approve, command.Comment, now);
        var actor = user.AuditActor;
        if (Refusal(request, result) is { } refusal)
        {
            await audit.AppendAsync(
                new AuditEntry(AuditActions.AccessDenied, actor, request.Target(), AuditOutcome.Denied, refusal.Detail, RequestId: request.Id,
                    Details: new { attempted = command.Approve ? "approve" : "deny", result = result.ToString() }),
                cancellationToken);
            return refusal;
        }

        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (request, approver) index caught a concurrent second answer from the same approver.
            return Failure.Conflict($"You have already answered request {request.Id}.");
        }

        metrics.Reviewed(command.Approve, request);

        var action = result switch
        {
            ReviewResult.Approved => AuditActions.RequestApproved,
            ReviewResult.Denied => AuditActions.RequestDenied,
            _ => AuditActions.RequestApprovalRecorded,
        };
        await audit.AppendAsync(
            new AuditEntry(action, actor, request.Target(), AuditOutcome.Succeeded, command.Comment, RequestId: request.Id,
                Details: new { approvals = request.ApprovalCount, required = request.RequiredApprovals }),
            cancellationToken);

        var grant = result == ReviewResult.Approved ? await provisioner.ActivateAsync(request, actor, cancellationToken) : null;
        return RequestView.From(request, grant, time.GetUtcNow());
    }

    private static Failure? Refusal(AccessRequest request, ReviewResult result) => result switch
    {
        ReviewResult.NotPending => Failure.Conflict($"Request {request.Id} is {request.Status.ToString().ToLowerInvariant()}; only pending requests can be approved or denied."),
        ReviewResult.OwnRequest => Failure.Forbidden("You cannot approve or deny your own request."),
        ReviewResult.NotAnApprover => Failure.Forbidden($"Only members of [{string.Join(", ", request.ApproverGroups)}] can answer this request."),
        ReviewResult.AlreadyAnswered => Failure.Conflict($"You have already answered request {request.Id}; approvers count once."),
        _ => null,
    };
}
