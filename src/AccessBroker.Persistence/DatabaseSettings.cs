namespace AccessBroker.Persistence;

/// <summary>Where the broker keeps its state: <c>Database:*</c> plus <c>ConnectionStrings:AccessBroker</c>.</summary>
public sealed class DatabaseSettings
{
    public const string DefaultSqliteConnectionString = "Data Source=data/accessbroker.db";

    public const long DefaultAuditPartitionRecords = 1_000_000;

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Applies pending migrations when the broker starts. Turn off when migrations run as a deploy step.</summary>
    public bool ApplyMigrationsAtStartup { get; set; } = true;

    public string? ConnectionString { get; set; }

    /// <summary>
    /// On PostgreSQL the audit log is partitioned by sequence; each partition holds this many records. Smaller
    /// partitions keep appends fast (each index insertion works on a smaller B-tree) at the cost of more partitions
    /// for queries to visit. See docs/performance-audit.md.
    /// </summary>
    public long AuditPartitionRecords { get; set; } = DefaultAuditPartitionRecords;

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && Provider == DatabaseProvider.Sqlite
            ? DefaultSqliteConnectionString
            : ConnectionString ?? string.Empty;
}
