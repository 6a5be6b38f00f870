using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Audit;

/// <summary>Recomputes the whole hash chain, streaming the records in sequence order (auditors and admins).</summary>
public sealed record VerifyAuditChain : IQuery<Outcome<AuditChainVerification>>;

internal sealed class VerifyAuditChainHandler(AccessBrokerDbContext database, CurrentUser user)
    : IQueryHandler<VerifyAuditChain, Outcome<AuditChainVerification>>
{
    public async ValueTask<Outcome<AuditChainVerification>> Handle(VerifyAuditChain query, CancellationToken cancellationToken)
    {
        if (!user.IsAuditor)
        {
            return Failure.Forbidden("Only auditors and admins can verify the audit log.");
        }

        var records = database.AuditRecords.AsNoTracking().OrderBy(record => record.Sequence).AsAsyncEnumerable();
        return await AuditChainVerification.VerifyAsync(records, cancellationToken);
    }
}
