namespace AccessBroker.Persistence;

/// <summary>Which database engine holds the broker's state.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
