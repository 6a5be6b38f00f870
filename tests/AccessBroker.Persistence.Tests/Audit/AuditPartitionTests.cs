using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AccessBroker.Persistence.Tests.Audit;

/// <summary>PostgreSQL keeps the audit log in partitions of sequence ranges; the chain runs across them unchanged.</summary>
public sealed class AuditPartitionTests
{
    private const long RecordsPerPartition = 1000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendsPastAPartitionsEnd_AttachTheNextPartitions_AndTheChainRunsAcrossThem()
    {
        await using var database = await MigratedDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var services = database.AuditServices(auditPartitionRecords: RecordsPerPartition);
        var log = services.GetRequiredService<IAuditLog>();

        var appended = await Task.WhenAll(Enumerable.Range(0, 2500).Select(i => log.AppendAsync(Entry($"user-{i % 7}"), Cancellation)));

        appended.Select(r => r.Sequence).Order().ShouldBe(Enumerable.Range(1, 2500).Select(i => (long)i));
        await using var context = database.OpenContext();
        (await PartitionsAsync(context)).ShouldBe([
            "audit_records_before_1: FOR VALUES FROM (MINVALUE) TO ('1')",
            "audit_records_from_1: FOR VALUES FROM ('1') TO ('1001')",
            "audit_records_from_1001: FOR VALUES FROM ('1001') TO ('2001')",
            "audit_records_from_2001: FOR VALUES FROM ('2001') TO ('3001')",
        ]);
        (await AuditChainVerification.VerifyAsync(context.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable(), Cancellation))
            .ShouldBe(new AuditChainVerification(true, 2500, null));
        var page = await context.AuditRecords.AsNoTracking().Where(r => r.ActorSubject == "user-3" && r.Sequence < 2100)
            .OrderByDescending(r => r.Sequence).Take(300).Select(r => r.Sequence).ToListAsync(Cancellation);
        page.ShouldBe(appended.Where(r => r.ActorSubject == "user-3" && r.Sequence < 2100).Select(r => r.Sequence).OrderDescending().Take(300));
        page.Max().ShouldBeGreaterThan(2000);
        page.Min().ShouldBeLessThan(1001);
    }

    [Fact]
    public async Task ALogWrittenBeforePartitioning_BecomesTheFirstPartition_AndTheChainContinuesAfterIt_AndSurvivesMigratingBack()
    {
        await using var database = await MigratedDatabase.CreateAsync(DatabaseProvider.Postgres, upToMigration: "AuditWithoutIdKey");
        await using (var context = database.OpenContext())
        {
            var earlier = AuditChain.Genesis;
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                var record = new AuditRecord
                {
                    Sequence = sequence, Id = Guid.CreateVersion7(), Time = new DateTimeOffset(2026, 11, 25, 12, 0, sequence, TimeSpan.Zero),
                    Action = AuditActions.KubeApi, ActorSubject = "earlier", ActorGroups = [], Outcome = AuditOutcome.Succeeded,
                    PreviousHash = earlier, Hash = string.Empty,
                };
                record.Hash = AuditChain.ComputeHash(record);
                context.AuditRecords.Add(record);
                earlier = record.Hash;
            }

            await context.SaveChangesAsync(Cancellation);
        }

        await database.MigrateAsync();
        await using var services = database.AuditServices(auditPartitionRecords: RecordsPerPartition);
        var next = await services.GetRequiredService<IAuditLog>().AppendAsync(Entry("later"), Cancellation);

        next.Sequence.ShouldBe(4);
        await using var reader = database.OpenContext();
        (await PartitionsAsync(reader)).ShouldBe([
            "audit_records_before_4: FOR VALUES FROM (MINVALUE) TO ('4')",
            "audit_records_from_4: FOR VALUES FROM ('4') TO ('1004')",
        ]);
        (await AuditChainVerification.VerifyAsync(reader.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable(), Cancellation))
            .ShouldBe(new AuditChainVerification(true, 4, null));
        reader.Database.HasPendingModelChanges().ShouldBeFalse();

        await database.MigrateAsync(upToMigration: "AuditWithoutIdKey");
        (await PartitionsAsync(reader)).ShouldBeEmpty();
        (await AuditChainVerification.VerifyAsync(reader.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable(), Cancellation))
            .ShouldBe(new AuditChainVerification(true, 4, null));
    }

    [Fact]
    public async Task WhenTheNextPartitionCannotBeAttachedEarly_AppendsGoOnWithAWarning_UntilTheChainNeedsIt()
    {
        await using var database = await MigratedDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using (var setup = database.OpenContext())
        {
            // A table already holding the next partition's name makes attaching it fail, as missing rights would.
            await setup.Database.ExecuteSqlRawAsync("CREATE TABLE audit_records_from_1001 (blocking int)", Cancellation);
        }

        var logs = new RecordedLogs();
        await using var services = database.AuditServices(auditPartitionRecords: RecordsPerPartition, logs: logs);
        var log = services.GetRequiredService<IAuditLog>();

        for (var i = 0; i < 1000; i += 100)
        {
            await log.AppendManyAsync(Enumerable.Range(0, 100).Select(_ => Entry("dev")).ToList(), Cancellation);
        }

        logs.Warnings.ShouldHaveSingleItem().ShouldContain("Could not attach the audit partition starting at sequence 1001 ahead of time");
        await Should.ThrowAsync<PostgresException>(() => log.AppendAsync(Entry("dev"), Cancellation));

        await using (var setup = database.OpenContext())
        {
            await setup.Database.ExecuteSqlRawAsync("DROP TABLE audit_records_from_1001", Cancellation);
        }

        (await log.AppendAsync(Entry("dev"), Cancellation)).Sequence.ShouldBe(1001);
    }

    private static Task<List<string>> PartitionsAsync(AccessBrokerDbContext context) =>
        context.Database.SqlQueryRaw<string>("""
            SELECT partition.relname || ': ' || pg_get_expr(partition.relpartbound, partition.oid) AS "Value"
            FROM pg_inherits JOIN pg_class partition ON partition.oid = pg_inherits.inhrelid
            WHERE pg_inherits.inhparent = 'audit_records'::regclass
            ORDER BY partition.relname COLLATE "C"
            """).ToListAsync(Cancellation);

    private sealed class RecordedLogs : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> warnings = new();

        public IReadOnlyCollection<string> Warnings => warnings;

        public ILogger CreateLogger(string categoryName) => new Recorder(warnings);

        public void Dispose()
        {
        }

        private sealed class Recorder(System.Collections.Concurrent.ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel == LogLevel.Warning)
                {
                    warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }

    private static AuditEntry Entry(string subject) =>
        new(AuditActions.KubeApi, new AuditActor(subject, subject, ["devs"]), new AuditTarget("sandbox", "payments", null, null), AuditOutcome.Succeeded);
}
