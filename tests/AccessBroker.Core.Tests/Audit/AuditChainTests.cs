using AccessBroker.Core.Audit;

namespace AccessBroker.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly AuditRecord Sample = new()
    {
        Sequence = 42,
        Id = Guid.Parse("01a21373-77cc-74e0-8a8e-2bc8dff617bf"),
        Time = new DateTimeOffset(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero),
        Action = "deployment.scaled",
        ActorSubject = "dev",
        ActorName = "Dév <Eloper>",
        ActorGroups = ["payments-devs", "on\"call"],
        ActorIp = "10.0.0.9",
        TargetCluster = "sandbox",
        TargetNamespace = "payments",
        TargetKind = "deployments",
        TargetName = "checkout",
        GrantId = Guid.Parse("5b0b7a0e-0c55-4a39-9b36-6f0c7e3c1a11"),
        Reason = "INC-42 & friends",
        Outcome = AuditOutcome.Succeeded,
        DetailsJson = "{\"before\":{\"replicas\":2},\"after\":{\"replicas\":4}}",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        PreviousHash = new string('a', 64),
        Hash = string.Empty,
    };

    [Fact]
    public void Canonical_IsTheDocumentedFixedOrderJsonArray()
    {
        AuditChain.Canonical(Sample).ShouldBe(
            "[42,\"01a21373-77cc-74e0-8a8e-2bc8dff617bf\",\"639312048001230000\",\"deployment.scaled\",\"dev\","
            + "\"D\\u00E9v \\u003CEloper\\u003E\",[\"payments-devs\",\"on\\u0022call\"],\"10.0.0.9\",null,\"sandbox\",\"payments\","
            + "\"deployments\",\"checkout\",\"5b0b7a0e-0c55-4a39-9b36-6f0c7e3c1a11\",null,\"INC-42 \\u0026 friends\",\"Succeeded\","
            + "\"{\\u0022before\\u0022:{\\u0022replicas\\u0022:2},\\u0022after\\u0022:{\\u0022replicas\\u0022:4}}\","
            + "\"4bf92f3577b34da6a3ce929d0e0e4736\"]");
    }

    [Fact]
    public void ComputeHash_IsSha256OfPreviousHashNewlineCanonical()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(Sample.PreviousHash + "\n" + AuditChain.Canonical(Sample))));

        AuditChain.ComputeHash(Sample).ShouldBe(expected);
        AuditChain.ComputeHash(Sample).ShouldNotBe(AuditChain.ComputeHash(new AuditRecord
        {
            Sequence = Sample.Sequence, Id = Sample.Id, Time = Sample.Time, Action = Sample.Action, ActorSubject = Sample.ActorSubject,
            PreviousHash = Sample.PreviousHash, Hash = string.Empty,
        }));
    }
}
