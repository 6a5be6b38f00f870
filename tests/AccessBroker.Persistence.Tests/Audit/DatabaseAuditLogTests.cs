using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Persistence.Tests.Audit;

public sealed class DatabaseAuditLogTests
{
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

    private static AuditEntry Entry(string subject) =>
        new(AuditActions.RequestCreated, new AuditActor(subject, subject, ["devs"]), new AuditTarget("sandbox", "payments", null, null), AuditOutcome.Succeeded,
            Details: new { note = "ü<&>" });

    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
