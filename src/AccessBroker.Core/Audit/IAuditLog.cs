namespace AccessBroker.Core.Audit;

/// <summary>The append-only audit log. An append returns once the record is durably stored in the chain.</summary>
public interface IAuditLog
{
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends the entries as consecutive records, all in one transaction: stored together or not at all.</summary>
    Task<IReadOnlyList<AuditRecord>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);
}
