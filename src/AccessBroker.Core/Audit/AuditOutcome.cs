namespace AccessBroker.Core.Audit;

/// <summary>How an audited step ended. <see cref="Intended"/> marks the record written before a cluster call.</summary>
public enum AuditOutcome
{
    Intended,
    Succeeded,
    Failed,
    Denied,
}
