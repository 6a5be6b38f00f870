using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessBroker.Api.Features.Audit;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using AccessBroker.Persistence.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.AuditLoad;

/// <summary>The read side over whatever <c>append</c> stored: filtered pages, full exports and chain verification.</summary>
internal static class ReadLoad
{
    private const int PageSize = 100;
    private const int Repeats = 20;

    public static async Task QueryAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>();
        var total = await database.AuditRecords.LongCountAsync();
        var sample = await database.AuditRecords.AsNoTracking().SingleAsync(record => record.Sequence == total / 2);
        var middleCursor = sample.Sequence;
        var scenarios = new (string Name, AuditRecordFilter Filter, long? Before)[]
        {
            ("newest page, no filter", new(), null),
            ("actor", new(Actor: "user-42"), null),
            ("actor, page in the middle", new(Actor: "user-42"), middleCursor),
            ("action", new(Action: AuditActions.GrantRevoked), null),
            ("cluster + namespace", new(Cluster: sample.TargetCluster, Namespace: sample.TargetNamespace), null),
            ("grant", new(Grant: sample.GrantId), null),
            ("request", new(Request: sample.RequestId), null),
            ("outcome=Denied", new(Outcome: AuditOutcome.Denied), null),
            ("one minute, in the middle", new(From: sample.Time, To: sample.Time.AddMinutes(1)), null),
            ("actor + action + outcome", new(Actor: "user-42", Action: AuditActions.KubeApi, Outcome: AuditOutcome.Succeeded), null),
        };

        Console.WriteLine($"query: {total:N0} records, pages of {PageSize}, median of {Repeats} runs");
        foreach (var (name, filter, before) in scenarios)
        {
            var times = new List<double>();
            var rows = 0;
            for (var run = 0; run < Repeats; run++)
            {
                var stopwatch = Stopwatch.StartNew();
                var records = filter.Apply(database.AuditRecords.AsNoTracking());
                if (before is { } cursor)
                {
                    records = records.Where(record => record.Sequence < cursor);
                }

                rows = (await records.OrderByDescending(record => record.Sequence).Take(PageSize + 1).ToListAsync()).Count;
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"  {name,-28} {times[times.Count / 2],7:F2} ms median {times[^1],7:F2} ms max ({rows} rows)");
        }
    }

    public static async Task ExportAsync(IServiceProvider services, string format)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>();
        var records = database.AuditRecords.AsNoTracking().OrderBy(record => record.Sequence).AsAsyncEnumerable();
        var output = new CountingStream();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        var stopwatch = Stopwatch.StartNew();
        await (format == ExportAuditRecords.Csv
            ? AuditExportWriter.WriteCsvAsync(records, output, CancellationToken.None)
            : AuditExportWriter.WriteJsonLinesAsync(records, output, options, CancellationToken.None));
        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(
            $"export {format}: {output.Lines:N0} lines, {output.Length / 1024.0 / 1024:N0} MiB in {stopwatch.Elapsed.TotalSeconds:F1} s "
            + $"= {output.Lines / stopwatch.Elapsed.TotalSeconds:N0} rows/s; peak working set {process.PeakWorkingSet64 / 1024 / 1024:N0} MiB");
    }

    public static async Task VerifyAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AccessBrokerDbContext>();
        var stopwatch = Stopwatch.StartNew();
        var result = await AuditChainVerification.VerifyAsync(
            database.AuditRecords.AsNoTracking().OrderBy(record => record.Sequence).AsAsyncEnumerable(), CancellationToken.None);
        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(
            $"verify: {result} in {stopwatch.Elapsed.TotalSeconds:F1} s = {result.Count / stopwatch.Elapsed.TotalSeconds:N0} records/s; "
            + $"peak working set {process.PeakWorkingSet64 / 1024 / 1024:N0} MiB");
    }

    /// <summary>Discards what is written, counting bytes and lines: the export without a network in the way.</summary>
    private sealed class CountingStream : Stream
    {
        public long Lines { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        private long length;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            length += buffer.Length;
            Lines += buffer.Count((byte)'\n');
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
