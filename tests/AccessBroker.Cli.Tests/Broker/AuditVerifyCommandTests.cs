using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Cli.Tests.Broker;

/// <summary>Its own broker: tampering with the log here must not break the chain other tests verify.</summary>
public sealed class AuditVerifyCommandTests(BrokerCli broker) : IClassFixture<BrokerCli>
{
    [Fact]
    public async Task AuditVerify_UntouchedLog_ExitsZero_AndAfterARowIsAlteredInTheDatabase_NamesItsSequenceAndExitsOne()
    {
        var (requested, _, _) = await broker.RunAsync(
            "mona", AuditCommandsTests.Devs, "request", "view", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-80", "--wait");
        requested.ShouldBe(ExitCodes.Success);
        var (validExit, valid, validError) = await broker.RunAsync("audrey", AuditCommandsTests.Auditors, "audit", "verify");
        var (_, all, _) = await broker.RunAsync("audrey", AuditCommandsTests.Auditors, "audit", "--limit", "1000", "-o", "json");
        var sequences = AuditCommandsTests.JsonLines(all).Select(r => r.GetProperty("sequence").GetInt64()).Order().ToList();
        var tampered = sequences[sequences.Count / 2];

        await broker.WithDatabaseAsync(database => database.Database.ExecuteSqlAsync(
            $"UPDATE audit_records SET \"Reason\" = 'nothing to see' WHERE \"Sequence\" = {tampered}", TestContext.Current.CancellationToken));
        var (invalidExit, invalid, invalidError) = await broker.RunAsync("audrey", AuditCommandsTests.Auditors, "audit", "verify");
        var (jsonExit, json, _) = await broker.RunAsync("audrey", AuditCommandsTests.Auditors, "audit", "verify", "-o", "json");

        validError.ShouldBeEmpty();
        validExit.ShouldBe(ExitCodes.Success);
        valid.Trim().ShouldBe($"valid: {sequences.Count} records, hash chain intact.");
        invalidExit.ShouldBe(ExitCodes.Failure);
        invalid.Trim().ShouldBe($"invalid: the hash chain breaks at sequence {tampered} ({sequences.Count} records read).");
        invalidError.Trim().ShouldBe($"abctl: audit log verification failed at sequence {tampered}.");
        jsonExit.ShouldBe(ExitCodes.Failure);
        var result = JsonDocument.Parse(json).RootElement;
        result.GetProperty("valid").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstInvalidSequence").GetInt64().ShouldBe(tampered);
    }
}
