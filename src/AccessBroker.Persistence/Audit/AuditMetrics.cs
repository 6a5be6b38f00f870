using System.Diagnostics.Metrics;
using AccessBroker.Core.Audit;

namespace AccessBroker.Persistence.Audit;

/// <summary>
/// The audit writer's instruments, on the broker's <c>AccessBroker</c> meter (the API's other instruments share it;
/// Persistence cannot see the API's <c>AccessBrokerTelemetry.Name</c>, hence its own constant).
/// </summary>
internal sealed class AuditMetrics
{
    public const string MeterName = "AccessBroker";

    private readonly Counter<long> appended;
    private readonly Histogram<double> batchDuration;

    public AuditMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        appended = meter.CreateCounter<long>("accessbroker.audit.records.appended", "{record}", "Audit records written to the hash chain.");
        batchDuration = meter.CreateHistogram<double>(
            "accessbroker.audit.batch.duration", "s", "Time to write one batch of audit records (lock the tail, insert, commit), retries included.");
    }

    public void BatchWritten(IReadOnlyList<AuditRecord>[] records, TimeSpan duration)
    {
        appended.Add(records.Sum(batch => batch.Count));
        batchDuration.Record(duration.TotalSeconds);
    }
}
