namespace AccessBroker.Persistence;

/// <summary>Where the broker keeps its state: <c>Database:*</c> plus <c>ConnectionStrings:AccessBroker</c>.</summary>
public sealed class DatabaseSettings
{
    public const string DefaultSqliteConnectionString = "Data Source=data/accessbroker.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Applies pending migrations when the broker starts. Turn off when migrations run as a deploy step.</summary>
    public bool ApplyMigrationsAtStartup { get; set; } = true;

    public string? ConnectionString { get; set; }

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && Provider == DatabaseProvider.Sqlite
            ? DefaultSqliteConnectionString
            : ConnectionString ?? string.Empty;
}
