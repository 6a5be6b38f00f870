using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Audit;

/// <summary>
/// Records the Kubernetes API calls a cluster reports that were made with a grant's ServiceAccount, each as a
/// <c>kube.api</c> record attributed to the grant's requester. Other users' events are ignored; the records of one
/// EventList are stored together or not at all.
/// </summary>
public sealed record RecordKubeAuditEvents(string Cluster, KubeAuditEventList? Events) : ICommand<Outcome<KubeAuditReceipt>>;

public sealed record KubeAuditReceipt(int Received, int Recorded);

internal sealed class RecordKubeAuditEventsValidator : AbstractValidator<RecordKubeAuditEvents>
{
    public RecordKubeAuditEventsValidator()
    {
        RuleFor(command => command.Events).NotNull().OverridePropertyName("body");
        When(command => command.Events is not null, () =>
        {
            RuleFor(command => command.Events!.Kind).Equal(KubeAuditEventList.ExpectedKind).OverridePropertyName("kind");
            RuleFor(command => command.Events!.ApiVersion).Equal(KubeAuditEventList.ExpectedApiVersion).OverridePropertyName("apiVersion");
            RuleFor(command => command.Events!.Items).NotNull().OverridePropertyName("items");
            RuleForEach(command => command.Events!.Items).ChildRules(item =>
            {
                item.RuleFor(e => e.AuditId).NotEmpty().OverridePropertyName("auditID");
                item.RuleFor(e => e.Stage).NotEmpty();
                item.RuleFor(e => e.Verb).NotEmpty();
                item.RuleFor(e => e.User).NotNull();
                item.RuleFor(e => e.User!.Username).NotEmpty().When(e => e.User is not null).OverridePropertyName("user.username");
            }).OverridePropertyName("items");
        });
    }
}

internal sealed class RecordKubeAuditEventsHandler(AccessBrokerDbContext database, IAuditLog log)
    : ICommandHandler<RecordKubeAuditEvents, Outcome<KubeAuditReceipt>>
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";
    private const string CredentialIdExtra = "authentication.kubernetes.io/credential-id";

    public async ValueTask<Outcome<KubeAuditReceipt>> Handle(RecordKubeAuditEvents command, CancellationToken cancellationToken)
    {
        var events = command.Events!.Items!;
        var completed = events
            .Where(e => e.Stage is "ResponseComplete" or "Panic")
            .Select(e => (Event: e, Account: ServiceAccount(e.User!.Username!)))
            .Where(e => e.Account is not null)
            .ToList();
        var names = completed.Select(e => e.Account!.Value.Name).Distinct(StringComparer.Ordinal).ToArray();
        var grants = names.Length == 0
            ? []
            : await database.Grants.AsNoTracking()
                .Where(grant => grant.Cluster == command.Cluster && names.Contains(grant.ServiceAccountName!))
                .ToListAsync(cancellationToken);

        var entries = completed
            .Select(e => (e.Event, e.Account, Grant: grants.FirstOrDefault(grant =>
                grant.ServiceAccountNamespace == e.Account!.Value.Namespace && grant.ServiceAccountName == e.Account.Value.Name)))
            .Where(e => e.Grant is not null)
            .Select(e => Entry(command.Cluster, e.Event, e.Grant!, e.Event.User!.Username!))
            .ToList();
        await log.AppendManyAsync(entries, cancellationToken);
        return new KubeAuditReceipt(events.Count, entries.Count);
    }

    private static (string Namespace, string Name)? ServiceAccount(string username) =>
        username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal)
        && username[ServiceAccountPrefix.Length..].Split(':') is [{ Length: > 0 } ns, { Length: > 0 } name]
            ? (ns, name)
            : null;

    private static AuditEntry Entry(string cluster, KubeAuditEvent e, Grant grant, string serviceAccount)
    {
        var code = e.ResponseStatus?.Code;
        var outcome = code switch
        {
            < 400 => AuditOutcome.Succeeded,
            403 => AuditOutcome.Denied,
            _ => AuditOutcome.Failed,
        };
        var credentialId = e.User!.Extra?.GetValueOrDefault(CredentialIdExtra)?.FirstOrDefault();
        return new AuditEntry(
            AuditActions.KubeApi,
            new AuditActor(grant.Requester.Subject, grant.Requester.Name, grant.Requester.Groups, e.SourceIps?.FirstOrDefault(), e.UserAgent),
            new AuditTarget(cluster, e.ObjectRef?.Namespace, e.ObjectRef?.Resource, e.ObjectRef?.Name),
            outcome,
            GrantId: grant.Id,
            RequestId: grant.RequestId,
            Details: new
            {
                auditId = e.AuditId,
                verb = e.Verb,
                requestUri = e.RequestUri,
                resource = e.ObjectRef?.Resource,
                subresource = e.ObjectRef?.Subresource,
                responseCode = code,
                credentialId,
                serviceAccount,
                stageTimestamp = e.StageTimestamp,
            });
    }
}
