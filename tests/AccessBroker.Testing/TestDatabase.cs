using AccessBroker.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AccessBroker.Testing;

/// <summary>
/// A fresh, empty database for one test, on SQLite (a temporary file) or PostgreSQL (a new database on the
/// server named by <c>ACCESSBROKER_TEST_POSTGRES</c>). When PostgreSQL cannot be reached the test is skipped with
/// a message saying so — except in CI (<c>CI=true</c>), where that is a failure.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string DefaultPostgresServer = "Host=127.0.0.1;Port=5432;Username=accessbroker;Password=accessbroker;Database=postgres;Timeout=5";

    private readonly string? postgresDatabaseName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresDatabaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.postgresDatabaseName = postgresDatabaseName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("ACCESSBROKER_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultPostgresServer;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "accessbroker-tests");
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, $"{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, $"Data Source={file};Pooling=False", null);
        }

        var name = $"ab_test_{Guid.NewGuid():N}";
        try
        {
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            TestPrerequisite.Require(false, $"PostgreSQL is not reachable ({exception.Message}); set ACCESSBROKER_TEST_POSTGRES or run .ci/run, which installs and starts it.");
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = false };
        return new TestDatabase(provider, builder.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (postgresDatabaseName is null)
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            SqliteConnection.ClearAllPools();
            File.Delete(file);
            return;
        }

        // Not DROP ... WITH (FORCE): it refuses when an autovacuum worker (another role's process) is analysing the
        // fresh tables. Ending our own leftover sessions is enough; a plain DROP waits for them to go (up to 5 s) and
        // cancels autovacuum itself.
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using (var terminate = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()", connection))
        {
            terminate.Parameters.Add(new NpgsqlParameter { Value = postgresDatabaseName });
            await terminate.ExecuteNonQueryAsync();
        }

        // DROP DATABASE refuses to run in a transaction, so not in one batch with the above.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabaseName}\"", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
