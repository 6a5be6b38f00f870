using AccessBroker.Api.Infrastructure;
using AccessBroker.Persistence.Audit;
using Mediator;

namespace AccessBroker.Api.Features.Audit;

internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization();
        audit.MapGet("", ListAsync)
            .WithName("ListAuditRecords")
            .WithSummary("Audit records matching the filters, newest first (cursor pagination); non-auditors see only their own.");
        audit.MapGet("/export", ExportAsync)
            .WithName("ExportAuditRecords")
            .WithSummary("Stream every matching audit record, oldest first, as JSON Lines or CSV.");
        audit.MapGet("/{sequence:long}", GetAsync)
            .WithName("GetAuditRecord")
            .WithSummary("One audit record by sequence, with its details; non-auditors only their own.");
        audit.MapGet("/verify", VerifyAsync)
            .WithName("VerifyAuditChain")
            .WithSummary("Recompute the hash chain: valid, count and the first invalid sequence (auditors and admins).");

        api.MapGet("/grants/{id:guid}/activity", GrantActivityAsync)
            .RequireAuthorization()
            .WithTags("Audit")
            .WithName("GetGrantActivity")
            .WithSummary("A grant with its approvals, audited steps and the Kubernetes calls made with it (owner, auditors, admins).");

        // The API server authenticates with the cluster's shared webhook token, not a user's access token.
        api.MapPost("/clusters/{cluster}/kube-audit", ReceiveKubeAuditAsync)
            .AllowAnonymous()
            .WithTags("Audit")
            .WithName("ReceiveKubeAuditEvents")
            .WithSummary("Kubernetes audit webhook: records the calls made with grants' ServiceAccounts as kube.api records.");
        return api;
    }

    private static async Task<IResult> ListAsync(
        IMediator mediator, [AsParameters] AuditRecordFilter filter, int? limit, string? cursor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListAuditRecords(filter, limit ?? ListAuditRecords.DefaultLimit, cursor), cancellationToken));

    private static async Task<IResult> ExportAsync(
        IMediator mediator, [AsParameters] AuditRecordFilter filter, string? format, CancellationToken cancellationToken)
    {
        var export = await mediator.Send(new ExportAuditRecords(filter, format ?? ExportAuditRecords.JsonLines), cancellationToken);
        return TypedResults.Stream(body => export.WriteToAsync(body, cancellationToken), export.ContentType, export.FileName);
    }

    private static async Task<IResult> GetAsync(IMediator mediator, long sequence, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetAuditRecord(sequence), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> VerifyAsync(IMediator mediator, CancellationToken cancellationToken) =>
        (await mediator.Send(new VerifyAuditChain(), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> GrantActivityAsync(IMediator mediator, Guid id, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetGrantActivity(id), cancellationToken)).ToHttpResult(TypedResults.Ok);

    private static async Task<IResult> ReceiveKubeAuditAsync(
        IMediator mediator, IConfiguration configuration, HttpRequest request, string cluster, CancellationToken cancellationToken)
    {
        if (!KubeAuditWebhookToken.Accepts(configuration, cluster, request.Headers.Authorization))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Not authenticated.",
                detail: $"Present the audit webhook token configured for cluster '{cluster}' as a bearer token.",
                type: ProblemTypes.Unauthenticated);
        }

        var events = await KubeAuditEventList.ReadAsync(request, cancellationToken);
        return (await mediator.Send(new RecordKubeAuditEvents(cluster, events), cancellationToken)).ToHttpResult(TypedResults.Ok);
    }
}
