using AccessBroker.Core.Audit;

namespace AccessBroker.Persistence.Audit;

/// <summary>
/// The audit filters; every one given must match. Each maps to an index of <c>audit_records</c> that ends in the
/// sequence, so a filtered page in sequence order is a range scan.
/// </summary>
public sealed record AuditRecordFilter(
    string? Actor = null,
    string? Action = null,
    string? Cluster = null,
    string? Namespace = null,
    Guid? Grant = null,
    Guid? Request = null,
    AuditOutcome? Outcome = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null)
{
    public IQueryable<AuditRecord> Apply(IQueryable<AuditRecord> records)
    {
        var allRecords = records;
        if (Actor is not null)
        {
            records = records.Where(record => record.ActorSubject == Actor);
        }

        if (Action is not null)
        {
            records = records.Where(record => record.Action == Action);
        }

        if (Cluster is not null)
        {
            records = records.Where(record => record.TargetCluster == Cluster);
        }

        if (Namespace is not null)
        {
            records = records.Where(record => record.TargetNamespace == Namespace);
        }

        if (Grant is { } grant)
        {
            records = records.Where(record => record.GrantId == grant);
        }

        if (Request is { } request)
        {
            records = records.Where(record => record.RequestId == request);
        }

        if (Outcome is { } outcome)
        {
            records = records.Where(record => record.Outcome == outcome);
        }

        if (From is { } from)
        {
            var fromSequence = SequencesAtOrAfter(allRecords, from);
            records = records.Where(record => record.Sequence >= (fromSequence.FirstOrDefault() ?? long.MaxValue));
        }

        if (To is { } to)
        {
            var toSequence = SequencesAtOrAfter(allRecords, to);
            records = records.Where(record => record.Sequence < (toSequence.FirstOrDefault() ?? long.MaxValue));
        }

        return records;
    }

    /// <summary>
    /// The writer never lets time go backwards along the chain, so "time at or after t" is "sequence at or after the
    /// first record at t" (none: <see cref="long.MaxValue"/>). That is one probe of the (Time, Sequence) index, used
    /// as a subquery, instead of sorting every record of the time window by sequence.
    /// </summary>
    private static IQueryable<long?> SequencesAtOrAfter(IQueryable<AuditRecord> allRecords, DateTimeOffset time) =>
        allRecords.Where(record => record.Time >= time)
            .OrderBy(record => record.Time).ThenBy(record => record.Sequence)
            .Select(record => (long?)record.Sequence);
}
