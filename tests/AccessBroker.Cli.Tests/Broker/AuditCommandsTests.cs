using System.Text.Json;
using AccessBroker.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace AccessBroker.Cli.Tests.Broker;

public sealed class AuditCommandsTests(BrokerCli broker) : IClassFixture<BrokerCli>
{
    internal static readonly string[] Devs = ["payments-devs"];
    internal static readonly string[] Auditors = ["security-auditors"];

    [Fact]
    public async Task Audit_WithFilters_ShowsOnlyTheMatchingRecords()
    {
        var payments = await RequestViewAsync("fiona", "payments");
        await RequestViewAsync("fiona", "checkout");

        var (exitCode, output, error) = await broker.RunAsync(
            "audrey", Auditors, "audit", "--actor", "fiona", "--action", "request.created", "--cluster", "sandbox", "-n", "checkout",
            "--outcome", "succeeded", "--since", "1h", "--to", DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"), "-o", "json");
        var (_, byGrant, _) = await broker.RunAsync("audrey", Auditors, "audit", "--grant", payments.GrantId, "-o", "json");
        var (_, byRequest, _) = await broker.RunAsync("audrey", Auditors, "audit", "--request", payments.RequestId, "--action", "grant.activated", "-o", "json");

        error.ShouldBeEmpty();
        exitCode.ShouldBe(ExitCodes.Success);
        var record = JsonLines(output).ShouldHaveSingleItem();
        record.GetProperty("actor").GetProperty("subject").GetString().ShouldBe("fiona");
        record.GetProperty("action").GetString().ShouldBe("request.created");
        record.GetProperty("target").GetProperty("namespace").GetString().ShouldBe("checkout");
        JsonLines(byGrant).ShouldNotBeEmpty();
        JsonLines(byGrant).ShouldAllBe(r => r.GetProperty("grantId").GetString() == payments.GrantId);
        JsonLines(byRequest).ShouldHaveSingleItem().GetProperty("grantId").GetString().ShouldBe(payments.GrantId);
    }

    [Fact]
    public async Task Audit_Table_ShowsOneRowPerRecord_AndNonAuditorsOnlyTheirOwn()
    {
        var grant = await RequestViewAsync("gus", "payments");
        await RequestViewAsync("hana", "payments");

        var (exitCode, table, _) = await broker.RunAsync("gus", Devs, "audit", "--grant", grant.GrantId);
        var (_, othersAsGus, _) = await broker.RunAsync("gus", Devs, "audit", "--actor", "hana");

        exitCode.ShouldBe(ExitCodes.Success);
        var lines = table.TrimEnd().Split('\n');
        var shortGrant = grant.GrantId[..8];
        lines[0].ShouldStartWith("SEQ");
        lines[0].ShouldContain("ACTION");
        lines.Skip(1).ShouldContain(line => line.Contains("grant.activated") && line.Contains("sandbox/payments") && line.Contains(shortGrant));
        othersAsGus.Trim().ShouldBe("No audit records match.");
    }

    [Fact]
    public async Task Audit_MoreRecordsThanOnePage_FollowsTheCursorUntilTheLimit()
    {
        const string action = "test.paging";
        await AppendAsync(action, 620);

        var (exitCode, output, _) = await broker.RunAsync("audrey", Auditors, "audit", "--action", action, "--limit", "1000", "-o", "json");
        var (_, limited, _) = await broker.RunAsync("audrey", Auditors, "audit", "--action", action, "--limit", "550", "-o", "json");
        var (_, defaultLimit, _) = await broker.RunAsync("audrey", Auditors, "audit", "--action", action, "-o", "json");

        exitCode.ShouldBe(ExitCodes.Success);
        var sequences = JsonLines(output).Select(r => r.GetProperty("sequence").GetInt64()).ToList();
        sequences.Count.ShouldBe(620);
        sequences.ShouldBe(sequences.OrderDescending().Distinct().ToList());
        JsonLines(limited).Select(r => r.GetProperty("sequence").GetInt64()).ShouldBe(sequences.Take(550));
        JsonLines(defaultLimit).Count.ShouldBe(100);
    }

    [Theory]
    [InlineData("jsonl", 0)]
    [InlineData("csv", 1)]
    public async Task AuditExport_ToAFile_WritesEveryMatchingRecordOldestFirst(string format, int headerLines)
    {
        var action = $"test.export.{format}";
        await AppendAsync(action, 700);
        var file = Path.Combine(broker.SignIn("audrey", Auditors), $"audit.{format}");

        var (exitCode, output, error) = await broker.RunAsync("audrey", Auditors, "audit", "export", "--action", action, "--format", format, "-o", file);

        error.ShouldBeEmpty();
        exitCode.ShouldBe(ExitCodes.Success);
        output.Trim().ShouldBe($"Exported 700 record(s) to {file}.");
        File.Exists(file + ".partial").ShouldBeFalse();
        var lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
        lines.Length.ShouldBe(700 + headerLines);
        var sequences = format == "csv"
            ? lines.Skip(1).Select(line => long.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList()
            : lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sequence").GetInt64()).ToList();
        sequences.ShouldBe(sequences.Order().Distinct().ToList());
        if (format == "csv")
        {
            lines[0].ShouldStartWith("sequence,id,time,action,");
            lines.Skip(1).ShouldAllBe(line => line.Contains($",{action},"));
        }
        else
        {
            lines.ShouldAllBe(line => JsonDocument.Parse(line).RootElement.GetProperty("action").GetString() == action);
        }
    }

    [Fact]
    public async Task AuditExport_ToStdout_StreamsTheJsonLines()
    {
        const string action = "test.export.stdout";
        await AppendAsync(action, 30);

        var (exitCode, output, _) = await broker.RunAsync("audrey", Auditors, "audit", "export", "--action", action);

        exitCode.ShouldBe(ExitCodes.Success);
        JsonLines(output).Select(r => r.GetProperty("action").GetString()).ShouldBe(Enumerable.Repeat(action, 30));
    }

    [Fact]
    public async Task GrantsActivity_ShowsTheGrantItsStepsAndTheBrokeredAction()
    {
        var grant = await RequestAsync("ivan", "operate", "payments");
        using (var api = broker.ApiClient("ivan", Devs))
        {
            using var scaled = await api.PostAsJsonAsync(
                $"api/v1/grants/{grant.GrantId}/actions/scale", new { deployment = "payments-api", replicas = 3, reason = "INC-77 load" }, TestContext.Current.CancellationToken);
            scaled.EnsureSuccessStatusCode();
        }

        var (exitCode, report, error) = await broker.RunAsync("ivan", Devs, "grants", "activity", grant.GrantId);
        var (_, json, _) = await broker.RunAsync("audrey", Auditors, "grants", "activity", grant.GrantId, "-o", "json");

        error.ShouldBeEmpty();
        exitCode.ShouldBe(ExitCodes.Success);
        report.ShouldStartWith($"Grant {grant.GrantId}: operate in sandbox/payments, active");
        report.ShouldContain("requester ");
        report.ShouldContain("none (granted by policy without approval)");
        report.ShouldContain("grant.activated");
        report.Split('\n').ShouldContain(line => line.Contains("deployment.scaled") && line.Contains("intended") && line.Contains("INC-77 load"));
        report.Split('\n').ShouldContain(line => line.Contains("deployment.scaled") && line.Contains("succeeded") && line.Contains("Deployment/payments-api"));
        report.ShouldContain("Kubernetes calls (");
        var activity = JsonDocument.Parse(json).RootElement;
        activity.GetProperty("grantId").GetString().ShouldBe(grant.GrantId);
        activity.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("action").GetString()).ShouldContain("deployment.scaled");
    }

    [Fact]
    public async Task GrantsActivity_OfSomeoneElsesGrant_FailsInOneLine()
    {
        var grant = await RequestViewAsync("jade", "payments");

        var (exitCode, output, error) = await broker.RunAsync("kurt", Devs, "grants", "activity", grant.GrantId);

        exitCode.ShouldBe(ExitCodes.Failure);
        output.ShouldBeEmpty();
        error.ShouldStartWith("abctl: ");
        error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task AuditVerify_AsNonAuditor_FailsInOneLine()
    {
        var (exitCode, _, error) = await broker.RunAsync("lars", Devs, "audit", "verify");

        exitCode.ShouldBe(ExitCodes.Failure);
        error.ShouldStartWith("abctl: ");
        error.Trim().Split('\n').Length.ShouldBe(1);
    }

    internal static List<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();

    private Task<(string RequestId, string GrantId)> RequestViewAsync(string subject, string @namespace) => RequestAsync(subject, "view", @namespace);

    private async Task<(string RequestId, string GrantId)> RequestAsync(string subject, string role, string @namespace)
    {
        var (exitCode, output, error) = await broker.RunAsync(
            subject, Devs, "request", role, "--cluster", "sandbox", "-n", @namespace, "--for", "1h", "--reason", "INC-70", "--wait", "-o", "json");
        exitCode.ShouldBe(ExitCodes.Success, error);
        var request = JsonDocument.Parse(output).RootElement;
        return (request.GetProperty("id").GetString()!, request.GetProperty("grant").GetProperty("id").GetString()!);
    }

    private Task AppendAsync(string action, int count) =>
        broker.Factory.Services.GetRequiredService<IAuditLog>().AppendManyAsync(
            Enumerable.Range(0, count).Select(i => new AuditEntry(action, new AuditActor("loadgen", "Load", []), AuditTarget.None, AuditOutcome.Succeeded, $"#{i}")).ToList(),
            TestContext.Current.CancellationToken);
}
