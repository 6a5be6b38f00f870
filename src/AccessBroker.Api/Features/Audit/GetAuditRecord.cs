using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Persistence;
using AccessBroker.Persistence.Audit;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Audit;

/// <summary>One audit record by sequence, with its details (before/after) and hashes; visible as in <see cref="ListAuditRecords"/>.</summary>
public sealed record GetAuditRecord(long Sequence) : IQuery<Outcome<AuditRecordView>>;

internal sealed class GetAuditRecordHandler(AccessBrokerDbContext database, CurrentUser user) : IQueryHandler<GetAuditRecord, Outcome<AuditRecordView>>
{
    public async ValueTask<Outcome<AuditRecordView>> Handle(GetAuditRecord query, CancellationToken cancellationToken)
    {
        var record = await VisibleAuditRecords.For(database, user, new AuditRecordFilter())
            .SingleOrDefaultAsync(candidate => candidate.Sequence == query.Sequence, cancellationToken);
        return record is null ? Failure.NotFound($"Audit record {query.Sequence}") : AuditRecordView.From(record);
    }
}
