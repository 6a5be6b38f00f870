using System.Security.Claims;
using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Api.Settings;
using AccessBroker.Core.Audit;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Tests.Features.Audit;

public sealed class AuditBehaviourTests
{
    private static readonly BrokerMetrics Metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AuditedAction_ThatSucceeds_LeavesIntentThenSucceeded()
    {
        var log = new RecordingAuditLog();

        var result = await Run(log, new ScaleForTest(4), (_, _) => ValueTask.FromResult<Outcome<int>>(4));

        result.Value.ShouldBe(4);
        log.Entries.Select(e => e.Outcome).ShouldBe([AuditOutcome.Intended, AuditOutcome.Succeeded]);
        log.Entries.ShouldAllBe(e => e.Action == "deployment.scaled" && e.Actor.Subject == "dev" && e.Target.Name == "checkout" && e.Reason == "INC-42");
        log.Entries[0].Actor.Ip.ShouldBe("10.0.0.9");
    }

    [Fact]
    public async Task AuditedAction_ThatIsForbidden_IsRecordedAsDeniedWithTheReason()
    {
        var log = new RecordingAuditLog();

        await Run(log, new ScaleForTest(4), (_, _) => ValueTask.FromResult<Outcome<int>>(Failure.Forbidden("RBAC says no")));

        log.Entries.Select(e => e.Outcome).ShouldBe([AuditOutcome.Intended, AuditOutcome.Denied]);
        System.Text.Json.JsonSerializer.Serialize(log.Entries[1].Details).ShouldContain("RBAC says no");
    }

    [Fact]
    public async Task AuditedAction_ThatThrows_IsRecordedAsFailed_AndTheExceptionStillPropagates()
    {
        var log = new RecordingAuditLog();

        await Should.ThrowAsync<InvalidOperationException>(async () =>
            await Run(log, new ScaleForTest(4), (_, _) => throw new InvalidOperationException("cluster unreachable")));

        log.Entries.Select(e => e.Outcome).ShouldBe([AuditOutcome.Intended, AuditOutcome.Failed]);
        System.Text.Json.JsonSerializer.Serialize(log.Entries[1].Details).ShouldContain("cluster unreachable");
    }

    [Fact]
    public async Task AuditedAction_IntentIsWrittenBeforeTheHandlerRuns()
    {
        var log = new RecordingAuditLog();
        var seenByHandler = -1;

        await Run(log, new ScaleForTest(4), (_, _) =>
        {
            seenByHandler = log.Entries.Count;
            return ValueTask.FromResult<Outcome<int>>(4);
        });

        seenByHandler.ShouldBe(1);
    }

    private static ValueTask<Outcome<int>> Run(RecordingAuditLog log, ScaleForTest command, MessageHandlerDelegate<ScaleForTest, Outcome<int>> handler)
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "dev"), new Claim("name", "Dev"), new Claim("groups", "payments-devs")], "test")),
        };
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("10.0.0.9");
        var accessor = new HttpContextAccessor { HttpContext = context };
        var user = new CurrentUser(accessor, Options.Create(new AuthenticationSettings()), Options.Create(new AuthorizationSettings()));
        var behaviour = new AuditBehaviour<ScaleForTest, Outcome<int>>(log, user, accessor, new TargetAsDescribed(), Metrics);
        return behaviour.Handle(command, handler, Cancellation);
    }

    public sealed record ScaleForTest(int Replicas) : ICommand<Outcome<int>>, IAuditedAction
    {
        public AuditedAction DescribeForAudit() =>
            new("deployment.scaled", new AuditTarget("sandbox", "payments", "deployments", "checkout"), "INC-42", Details: new { replicas = Replicas });
    }

    private sealed class TargetAsDescribed : IGrantAuditScope
    {
        public ValueTask<AuditedAction> CompleteAsync(AuditedAction action, CancellationToken cancellationToken) => ValueTask.FromResult(action);
    }

    private sealed class RecordingAuditLog : IAuditLog
    {
        public List<AuditEntry> Entries { get; } = [];

        public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
        {
            Entries.Add(entry);
            return Task.FromResult(new AuditRecord { Sequence = Entries.Count, Action = entry.Action, ActorSubject = entry.Actor.Subject, PreviousHash = "", Hash = "" });
        }

        public async Task<IReadOnlyList<AuditRecord>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            var records = new List<AuditRecord>();
            foreach (var entry in entries)
            {
                records.Add(await AppendAsync(entry, cancellationToken));
            }

            return records;
        }
    }
}
