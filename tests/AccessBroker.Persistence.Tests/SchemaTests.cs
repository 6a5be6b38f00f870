using AccessBroker.Core.Audit;
using AccessBroker.Core.Grants;
using AccessBroker.Core.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Persistence.Tests;

/// <summary>The same migration-built schema holds the same data on PostgreSQL and SQLite.</summary>
public sealed class SchemaTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrations_LeaveNoModelChangesUncovered(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        await using var context = database.OpenContext();

        context.Database.HasPendingModelChanges().ShouldBeFalse("the model has changes that no migration covers: add a migration for both providers");
        (await context.Database.GetPendingMigrationsAsync(Cancellation)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RequestWithApprovalsAndGrant_RoundTrip(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        var request = NewRequest();
        request.Approvals.Add(new Approval { Id = Guid.NewGuid(), RequestId = request.Id, ApproverSubject = "lead", ApproverName = "Lead", Approved = true, Comment = "ok", At = Noon });
        var grant = new Grant
        {
            Id = Guid.NewGuid(), RequestId = request.Id, Requester = request.Requester, Cluster = "sandbox", Namespace = "payments",
            Role = "troubleshoot", Reason = request.Reason, Status = GrantStatus.Active, StartsAt = Noon, EndsAt = Noon.AddHours(1),
            Approvers = ["lead"], ServiceAccountNamespace = "accessbroker", ServiceAccountName = "ab-1234abcd", RoleBindingName = "ab-1234abcd",
        };
        await using (var context = database.OpenContext())
        {
            context.AccessRequests.Add(request);
            context.Grants.Add(grant);
            await context.SaveChangesAsync(Cancellation);
        }

        await using var reader = database.OpenContext();
        var storedRequest = await reader.AccessRequests.Include(r => r.Approvals).SingleAsync(r => r.Id == request.Id, Cancellation);
        var storedGrant = await reader.Grants.SingleAsync(g => g.RequestId == request.Id, Cancellation);

        storedRequest.Requester.ShouldBe(request.Requester with { Groups = storedRequest.Requester.Groups });
        storedRequest.Requester.Groups.ShouldBe(["payments-devs", "oncall"]);
        storedRequest.Duration.ShouldBe(TimeSpan.FromMinutes(90));
        storedRequest.CreatedAt.ShouldBe(Noon);
        storedRequest.Approvals.ShouldHaveSingleItem().ApproverSubject.ShouldBe("lead");
        storedGrant.Status.ShouldBe(GrantStatus.Active);
        storedGrant.EndsAt.ShouldBe(Noon.AddHours(1));
        storedGrant.Approvers.ShouldBe(["lead"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Approvals_SameApproverTwice_IsRefusedByTheDatabase(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        var request = NewRequest();
        await using var context = database.OpenContext();
        context.AccessRequests.Add(request);
        await context.SaveChangesAsync(Cancellation);

        context.Approvals.Add(new Approval { Id = Guid.NewGuid(), RequestId = request.Id, ApproverSubject = "lead", ApproverName = "Lead", Approved = true, At = Noon });
        context.Approvals.Add(new Approval { Id = Guid.NewGuid(), RequestId = request.Id, ApproverSubject = "lead", ApproverName = "Lead", Approved = true, At = Noon });

        await Should.ThrowAsync<DbUpdateException>(() => context.SaveChangesAsync(Cancellation));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Grants_FilteredAndOrderedByEndTime_InTheDatabase(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        await using (var context = database.OpenContext())
        {
            for (var i = 0; i < 4; i++)
            {
                var request = NewRequest();
                context.AccessRequests.Add(request);
                context.Grants.Add(new Grant
                {
                    Id = Guid.NewGuid(), RequestId = request.Id, Requester = request.Requester, Cluster = "sandbox", Namespace = $"ns-{i}",
                    Role = "view", Reason = "r", Status = GrantStatus.Active, StartsAt = Noon, EndsAt = Noon.AddMinutes(10 * (4 - i)),
                });
            }

            await context.SaveChangesAsync(Cancellation);
        }

        await using var reader = database.OpenContext();
        var due = await reader.Grants
            .Where(g => g.Status == GrantStatus.Active && g.EndsAt <= Noon.AddMinutes(25))
            .OrderBy(g => g.EndsAt)
            .Select(g => g.Namespace)
            .ToListAsync(Cancellation);

        due.ShouldBe(["ns-3", "ns-2"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AuditRecords_WrittenByTheAuditLog_ReadBackWithSequenceAndDetails(DatabaseProvider provider)
    {
        await using var database = await MigratedDatabase.CreateAsync(provider);
        await using (var services = database.AuditServices())
        {
            await services.GetRequiredService<IAuditLog>().AppendAsync(
                new AuditEntry(
                    "deployment.scaled", new AuditActor("dev", "Dev", ["payments-devs"]), new AuditTarget("sandbox", "payments", "Deployment", "api"),
                    AuditOutcome.Succeeded, Details: new { before = new { replicas = 2 }, after = new { replicas = 4 } }),
                Cancellation);
        }

        await using var reader = database.OpenContext();
        var record = await reader.AuditRecords.SingleAsync(r => r.Action == "deployment.scaled" && r.TargetName == "api", Cancellation);

        record.Sequence.ShouldBe(1);
        record.Outcome.ShouldBe(AuditOutcome.Succeeded);
        record.DetailsJson!.ShouldContain("\"replicas\":4");
        record.ActorGroups.ShouldBe(["payments-devs"]);
        record.Hash.ShouldBe(AuditChain.ComputeHash(record));
    }

    private static AccessRequest NewRequest() => new()
    {
        Id = Guid.NewGuid(),
        Requester = new Person("dev", "Dev Eloper", "dev@example.test", ["payments-devs", "oncall"]),
        Cluster = "sandbox",
        Namespace = "payments",
        Role = "troubleshoot",
        Duration = TimeSpan.FromMinutes(90),
        Reason = "INC-42",
        Status = AccessRequestStatus.Pending,
        CreatedAt = Noon,
        PendingUntil = Noon.AddHours(24),
    };
}
