namespace AccessBroker.Core.Audit;

/// <summary>The append-only audit log. An append returns once the record is durably stored in the chain.</summary>
public interface IAuditLog
{
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);
}
