using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Persistence.Tests.Audit;

public sealed class DatabaseAuditLogTests
{
    /// <summary>The writer's largest batch (<c>DatabaseAuditLog.MaxBatchRecords</c>), so a test can span several.</summary>
    private const int DatabaseAuditLogBatchSize = 4096;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConcurrentAppends_FormOneGapFreeValidChain(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        await using var services = database.AuditServices();
        var log = services.GetRequiredService<IAuditLog>();

        var appended = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => log.AppendAsync(Entry($"user-{i}"), Cancellation)));
        var many = await log.AppendManyAsync([Entry("batch-a"), Entry("batch-b")], Cancellation);

        appended.Select(record => record.Sequence).Order().ShouldBe(Enumerable.Range(1, 300).Select(i => (long)i));
        many.Select(record => record.Sequence).ShouldBe([301L, 302L]);
        await using var context = database.OpenContext();
        var verification = await AuditChainVerification.VerifyAsync(context.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable(), Cancellation);
        verification.ShouldBe(new AuditChainVerification(true, 302, null));
        (await context.AuditRecords.SingleAsync(r => r.Sequence == 302, Cancellation)).ActorSubject.ShouldBe("batch-b");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_ContinuesTheChainWrittenByAnEarlierWriter(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        await using (var first = database.AuditServices())
        {
            await first.GetRequiredService<IAuditLog>().AppendAsync(Entry("first"), Cancellation);
        }

        await using var second = database.AuditServices();
        var record = await second.GetRequiredService<IAuditLog>().AppendAsync(Entry("second"), Cancellation);

        record.Sequence.ShouldBe(2);
        await using var context = database.OpenContext();
        record.PreviousHash.ShouldBe((await context.AuditRecords.SingleAsync(r => r.Sequence == 1, Cancellation)).Hash);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_WhenTheClockGoesBack_KeepsTimeInSequenceOrder(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        var clock = new SettableTime { Now = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero) };
        await using var services = database.AuditServices(clock);
        var log = services.GetRequiredService<IAuditLog>();

        var first = await log.AppendAsync(Entry("dev"), Cancellation);
        clock.Now = clock.Now.AddMinutes(-5);
        var second = await log.AppendAsync(Entry("dev"), Cancellation);

        second.Time.ShouldBe(first.Time);
        second.Sequence.ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Dispose_WritesEverythingStillQueued_ThenRefusesAppends(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        await using var services = database.AuditServices();
        var log = services.GetRequiredService<IAuditLog>();
        var queued = Enumerable.Range(0, 100).Select(i => log.AppendAsync(Entry($"user-{i}"), Cancellation)).ToArray();

        await ((IAsyncDisposable)log).DisposeAsync();

        await using var context = database.OpenContext();
        (await context.AuditRecords.CountAsync(Cancellation)).ShouldBe(100);
        (await Task.WhenAll(queued)).Select(record => record.Sequence).Order().ShouldBe(Enumerable.Range(1, 100).Select(i => (long)i));
        await Should.ThrowAsync<ObjectDisposedException>(() => log.AppendAsync(Entry("late"), Cancellation));
    }

    [Fact]
    public async Task Append_ThatTheDatabaseRefuses_FailsOnlyItsOwnCaller()
    {
        await using var database = await MigratedDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var services = database.AuditServices();
        var log = services.GetRequiredService<IAuditLog>();

        var good = Enumerable.Range(0, 20).Select(i => log.AppendAsync(Entry($"user-{i}"), Cancellation)).ToArray();
        var tooLong = log.AppendAsync(Entry("x") with { Action = new string('a', 100) }, Cancellation);

        await Should.ThrowAsync<Exception>(() => tooLong);
        (await Task.WhenAll(good)).Length.ShouldBe(20);
        await using var context = database.OpenContext();
        (await context.AuditRecords.CountAsync(Cancellation)).ShouldBe(20);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AppendsSpanningSeveralBatches_EachCallerGetsItsOwnCommittedRecord_InOneGapFreeChain(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        await using var services = database.AuditServices();
        var log = services.GetRequiredService<IAuditLog>();
        var callers = 2 * DatabaseAuditLogBatchSize + 500;

        var appended = await Task.WhenAll(Enumerable.Range(0, callers).Select(async i => (Caller: $"caller-{i}", Record: await log.AppendAsync(Entry($"caller-{i}"), Cancellation))));

        appended.ShouldAllBe(a => a.Record.ActorSubject == a.Caller);
        appended.Select(a => a.Record.Sequence).Order().ShouldBe(Enumerable.Range(1, callers).Select(i => (long)i));
        await using var context = database.OpenContext();
        var stored = await context.AuditRecords.AsNoTracking().ToDictionaryAsync(r => r.Sequence, Cancellation);
        appended.ShouldAllBe(a => stored[a.Record.Sequence].Hash == a.Record.Hash && stored[a.Record.Sequence].ActorSubject == a.Caller);
        (await VerifyAsync(database)).ShouldBe(new AuditChainVerification(true, callers, null));
    }

    /// <summary>PostgreSQL only: SQLite does not enforce column lengths, the refusal used here.</summary>
    [Fact]
    public async Task Batch_ThatTheDatabaseRefuses_FailsItsCaller_AndTheNextRecordTakesItsSequence()
    {
        await using var database = await MigratedDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var services = database.AuditServices();
        var log = services.GetRequiredService<IAuditLog>();
        await log.AppendAsync(Entry("before"), Cancellation);

        var refused = log.AppendManyAsync([Entry("refused-a"), Entry("refused-b") with { Action = new string('a', 100) }], Cancellation);
        await Should.ThrowAsync<Exception>(() => refused);
        var after = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => log.AppendAsync(Entry($"after-{i}"), Cancellation)));

        after.Select(r => r.Sequence).Order().ShouldBe(Enumerable.Range(2, 50).Select(i => (long)i));
        await using var context = database.OpenContext();
        (await context.AuditRecords.AnyAsync(r => r.ActorSubject.StartsWith("refused"), Cancellation)).ShouldBeFalse();
        (await VerifyAsync(database)).ShouldBe(new AuditChainVerification(true, 51, null));
    }

    [Fact]
    public async Task TwoWritersOnOneDatabase_LikeTwoReplicas_InterleaveIntoOneGapFreeChain()
    {
        await using var database = await MigratedDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = database.AuditServices();
        await using var second = database.AuditServices();
        var logs = new[] { first.GetRequiredService<IAuditLog>(), second.GetRequiredService<IAuditLog>() };

        var appended = await Task.WhenAll(Enumerable.Range(0, 3000).Select(i => logs[i % 2].AppendAsync(Entry($"replica-{i % 2}"), Cancellation)));

        appended.Select(r => r.Sequence).Order().ShouldBe(Enumerable.Range(1, 3000).Select(i => (long)i));
        (await VerifyAsync(database)).ShouldBe(new AuditChainVerification(true, 3000, null));
    }

    private static async Task<AuditChainVerification> VerifyAsync(MigratedDatabase database)
    {
        await using var context = database.OpenContext();
        return await AuditChainVerification.VerifyAsync(context.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable(), Cancellation);
    }

    private static AuditEntry Entry(string subject) =>
        new(AuditActions.RequestCreated, new AuditActor(subject, subject, ["devs"]), new AuditTarget("sandbox", "payments", null, null), AuditOutcome.Succeeded,
            Details: new { note = "ü<&>" });

    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
