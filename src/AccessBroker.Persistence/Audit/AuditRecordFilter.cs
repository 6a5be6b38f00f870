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
            records = records.Where(record => record.Time >= from);
        }

        if (To is { } to)
        {
            records = records.Where(record => record.Time < to);
        }

        return records;
    }
}
