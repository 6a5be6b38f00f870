using System.Diagnostics;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.AuditLoad;

/// <summary>
/// <c>append [records] [callers]</c>: appends through the broker's audit writer from concurrent callers, each awaiting its
/// record; <c>query</c>, <c>export [jsonl|csv]</c> and <c>verify</c> then read what was stored. The database is
/// <c>ACCESSBROKER_BENCH_POSTGRES</c> (default: database <c>ab_auditload</c> on 127.0.0.1); records per audit partition
/// <c>ACCESSBROKER_BENCH_PARTITION_RECORDS</c> (default: the broker's).
/// </summary>
internal static class AuditLoadProgram
{
    private const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=accessbroker;Password=accessbroker;Database=ab_auditload";

    public static async Task<int> Main(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ACCESSBROKER_BENCH_POSTGRES") is { Length: > 0 } configured
            ? configured
            : DefaultConnectionString;
        await using var services = BuildServices(connectionString);
        await MigrateAsync(services);

        switch (args.FirstOrDefault())
        {
            case "append":
                await AppendAsync(services, Argument(args, 1, 1_000_000), Argument(args, 2, 512));
                return 0;
            case "query":
                await ReadLoad.QueryAsync(services);
                return 0;
            case "export":
                await ReadLoad.ExportAsync(services, args.ElementAtOrDefault(1) ?? "jsonl");
                return 0;
            case "verify":
                await ReadLoad.VerifyAsync(services);
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: AccessBroker.AuditLoad append [records] [callers] | query | export [jsonl|csv] | verify");
                return 2;
        }
    }

    private static ServiceProvider BuildServices(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.Configure<DatabaseSettings>(settings =>
        {
            settings.Provider = DatabaseProvider.Postgres;
            settings.ConnectionString = connectionString;
            if (Environment.GetEnvironmentVariable("ACCESSBROKER_BENCH_PARTITION_RECORDS") is { Length: > 0 } partitionRecords)
            {
                settings.AuditPartitionRecords = long.Parse(partitionRecords, System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        services.AddAccessBrokerPersistence();
        return services.BuildServiceProvider();
    }

    private static async Task MigrateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>().Database.MigrateAsync();
    }

    private static async Task AppendAsync(IServiceProvider services, int records, int callers)
    {
        var log = services.GetRequiredService<IAuditLog>();
        var entries = new SampleEntries(seed: 7);
        var latencies = new double[records];
        var next = -1;
        Console.WriteLine($"append: load average before {LoadAverage()}");
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < records; i = Interlocked.Increment(ref next))
            {
                var entry = entries.Next();
                var started = Stopwatch.GetTimestamp();
                await log.AppendAsync(entry, CancellationToken.None);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        stopwatch.Stop();
        Array.Sort(latencies);
        Console.WriteLine(
            $"append: {records:N0} records from {callers} concurrent callers in {stopwatch.Elapsed.TotalSeconds:F1} s = {records / stopwatch.Elapsed.TotalSeconds:N0} records/s; "
            + $"await latency p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms; load average after {LoadAverage()}");
    }

    private static double Percentile(double[] sorted, double fraction) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(sorted.Length * fraction))];

    /// <summary>The machine's 1/5/15-minute load averages, reported beside every figure (the build machines are shared).</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Argument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
