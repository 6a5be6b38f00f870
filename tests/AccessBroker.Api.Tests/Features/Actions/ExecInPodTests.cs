using System.Net;
using System.Security.Cryptography;
using System.Text;
using AccessBroker.Api.Tests.Features.Audit;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;
using k8s;

namespace AccessBroker.Api.Tests.Features.Actions;

/// <summary>Exec under a grant, end to end over HTTP against KubeSim's WebSocket exec.</summary>
public sealed class ExecInPodTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Exec_WithinTheGrant_ReturnsOutputAndExitCode_AndRecordsCommandAndOutputDigest(DatabaseProvider provider)
    {
        await using var host = await AuditFixture.StartAsync(provider);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");

        var response = await dev.ActAsync(grantId, "exec", new { pod, container = "ledger", command = new[] { "printenv", "APP_NAME" }, reason = "INC-42 config check" });

        var executed = await response.ShouldBeOkJsonAsync();
        executed.GetProperty("exitCode").GetInt32().ShouldBe(0);
        executed.GetProperty("stdout").GetString().ShouldBe("ledger\n");
        executed.GetProperty("stderr").GetString().ShouldBeEmpty();
        executed.GetProperty("outputBytes").GetInt64().ShouldBe(7);
        executed.GetProperty("outputSha256").GetString().ShouldBe(Sha256("ledger\n"));
        executed.GetProperty("truncated").GetBoolean().ShouldBeFalse();
        executed.GetProperty("durationMs").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
        var records = await host.AuditOfAsync(grantId, "pod.exec");
        records.ShouldBeIntentThen("succeeded");
        records.ShouldAllBe(record => record.GetProperty("reason").GetString() == "INC-42 config check");
        records[0].GetProperty("target").GetProperty("namespace").GetString().ShouldBe("payments");
        records[0].GetProperty("target").GetProperty("name").GetString().ShouldBe(pod);
        records[0].GetProperty("details").GetProperty("container").GetString().ShouldBe("ledger");
        records[0].GetProperty("details").GetProperty("command").EnumerateArray().Select(a => a.GetString()).ShouldBe(["printenv", "APP_NAME"]);
        var result = records[1].GetProperty("details").GetProperty("result");
        result.GetProperty("exitCode").GetInt32().ShouldBe(0);
        result.GetProperty("outputBytes").GetInt64().ShouldBe(7);
        result.GetProperty("outputSha256").GetString().ShouldBe(Sha256("ledger\n"));
        result.TryGetProperty("stdout", out _).ShouldBeFalse("the output itself is recorded only when Actions:RecordExecOutput is set");
    }

    [Fact]
    public async Task Exec_NonZeroExitCode_IsASucceededCallReportingIt_WithStdoutAndStderrApart()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");

        var response = await dev.ActAsync(grantId, "exec", new { pod, command = new[] { "cat", "/etc/hostname", "/no/such/file" }, reason = "INC-42" });

        var executed = await response.ShouldBeOkJsonAsync();
        executed.GetProperty("exitCode").GetInt32().ShouldBe(1);
        var stdout = executed.GetProperty("stdout").GetString()!;
        var stderr = executed.GetProperty("stderr").GetString()!;
        stdout.ShouldBe(pod + "\n");
        stderr.ShouldContain("/no/such/file: No such file or directory");
        executed.GetProperty("outputSha256").GetString().ShouldBe(Sha256(stdout + stderr));
        var records = await host.AuditOfAsync(grantId, "pod.exec");
        records.ShouldBeIntentThen("succeeded");
        records[1].GetProperty("details").GetProperty("result").GetProperty("exitCode").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Exec_OutputPastTheLimit_IsTruncatedAndFlagged()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Actions:ExecOutputLimitBytes"] = "16" });
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");
        const string osRelease = "PRETTY_NAME=\"KubeSim simulated container\"\nNAME=\"KubeSim\"\nID=kubesim\n";

        var response = await dev.ActAsync(grantId, "exec", new { pod, command = new[] { "cat", "/etc/os-release" }, reason = "INC-42" });

        var executed = await response.ShouldBeOkJsonAsync();
        executed.GetProperty("exitCode").GetInt32().ShouldBe(0);
        executed.GetProperty("stdout").GetString().ShouldBe(osRelease[..16]);
        executed.GetProperty("truncated").GetBoolean().ShouldBeTrue();
        executed.GetProperty("outputBytes").GetInt64().ShouldBe(16);
        executed.GetProperty("droppedBytes").GetInt64().ShouldBe(osRelease.Length - 16);
        executed.GetProperty("outputSha256").GetString().ShouldBe(Sha256(osRelease[..16]));
        var result = (await host.AuditOfAsync(grantId, "pod.exec"))[1].GetProperty("details").GetProperty("result");
        result.GetProperty("truncated").GetBoolean().ShouldBeTrue();
        result.GetProperty("droppedBytes").GetInt64().ShouldBe(osRelease.Length - 16);
    }

    [Fact]
    public async Task Exec_WithRecordExecOutput_PutsTheOutputIntoTheResultRecord()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Actions:RecordExecOutput"] = "true" });
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");

        var response = await dev.ActAsync(grantId, "exec", new { pod, command = new[] { "sh", "-c", "echo out; cat /nope" }, reason = "INC-42" });

        await response.ShouldBeOkJsonAsync();
        var result = (await host.AuditOfAsync(grantId, "pod.exec"))[1].GetProperty("details").GetProperty("result");
        result.GetProperty("stdout").GetString().ShouldBe("out\n");
        result.GetProperty("stderr").GetString()!.ShouldContain("cat: /nope");
        result.GetProperty("exitCode").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Exec_RunningPastTheTimeout_IsAGatewayTimeout_AndRecordedAsFailed()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Actions:ExecTimeout"] = "00:00:01" });
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");

        var response = await dev.ActAsync(grantId, "exec", new { pod, command = new[] { "sleep", "600" }, reason = "INC-42" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.GatewayTimeout);
        problem.GetProperty("type").GetString().ShouldBe("urn:accessbroker:problem:timeout");
        problem.GetProperty("detail").GetString()!.ShouldContain("did not finish within 1 s");
        var records = await host.AuditOfAsync(grantId, "pod.exec");
        records.ShouldBeIntentThen("failed");
        records[1].GetProperty("details").GetProperty("error").GetString()!.ShouldContain("Actions:ExecTimeout");
    }

    [Fact]
    public async Task Exec_NotInTheRoleTemplate_IsForbiddenByTheBroker_AndRecordedAsDenied()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync(role: "view");
        var pod = await host.PodOfAsync("ledger");

        var response = await dev.ActAsync(grantId, "exec", new { pod, command = new[] { "hostname" }, reason = "INC-42" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldBe("Role 'view' does not permit the exec action.");
        (await host.AuditOfAsync(grantId, "pod.exec")).ShouldBeIntentThen("denied");
    }

    [Fact]
    public async Task Exec_WhenTheClusterRoleLacksCreateOnPodsExec_IsTheClustersForbidden_AndRecordedAsDenied()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");
        // The template lists exec, so the broker lets it through; the cluster checks get *and* create on pods/exec.
        var role = await host.Cluster.Admin.RbacAuthorizationV1.ReadClusterRoleAsync("accessbroker:operate", cancellationToken: Cancellation);
        role.Rules.Single(rule => rule.Resources.Contains("pods/exec")).Verbs = ["get"];
        await host.Cluster.Admin.RbacAuthorizationV1.ReplaceClusterRoleAsync(role, role.Metadata.Name, cancellationToken: Cancellation);

        var response = await dev.ActAsync(grantId, "exec", new { pod, command = new[] { "hostname" }, reason = "INC-42" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("title").GetString().ShouldBe("Refused by the cluster.");
        problem.GetProperty("detail").GetString()!.ShouldContain("must allow get and create on pods/exec");
        (await host.AuditOfAsync(grantId, "pod.exec")).ShouldBeIntentThen("denied");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Exec_WithAContainerThePodDoesNotHave_IsABadRequestWithTheClustersMessage_AndRecordedAsFailed(DatabaseProvider provider)
    {
        await using var host = await AuditFixture.StartAsync(provider);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");

        var response = await dev.ActAsync(grantId, "exec", new { pod, container = "sidecar", command = new[] { "hostname" }, reason = "INC-42" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().ShouldBe("urn:accessbroker:problem:cluster-rejected");
        problem.GetProperty("detail").GetString().ShouldBe($"container sidecar is not valid for pod {pod}");
        var records = await host.AuditOfAsync(grantId, "pod.exec");
        records.ShouldBeIntentThen("failed");
        records[1].GetProperty("details").GetProperty("error").GetString().ShouldBe($"container sidecar is not valid for pod {pod}");
    }

    [Fact]
    public async Task Exec_OnAPodOutsideTheGrantsNamespace_IsNotFound_BecauseItRunsInTheGrantsNamespaceOnly()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var checkoutPod = await host.PodOfAsync("cart", "checkout");

        var response = await dev.ActAsync(grantId, "exec", new { pod = checkoutPod, @namespace = "checkout", command = new[] { "hostname" }, reason = "INC-42" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString()!.ShouldBe($"pod '{checkoutPod}' was not found in namespace 'payments' (404 Not Found)");
        var records = await host.AuditOfAsync(grantId, "pod.exec");
        records.ShouldBeIntentThen("failed");
        records[0].GetProperty("target").GetProperty("namespace").GetString().ShouldBe("payments");
    }

    [Theory]
    [InlineData("""{"pod":"Ledger_1","command":["hostname"],"reason":"INC-42"}""", "pod")]
    [InlineData("""{"pod":"ledger-1","command":[],"reason":"INC-42"}""", "command")]
    [InlineData("""{"pod":"ledger-1","reason":"INC-42"}""", "command")]
    [InlineData("""{"pod":"ledger-1","command":[""],"reason":"INC-42"}""", "command")]
    [InlineData("""{"pod":"ledger-1","container":"Not A Label","command":["hostname"],"reason":"INC-42"}""", "container")]
    [InlineData("""{"pod":"ledger-1","command":["hostname"]}""", "reason")]
    public async Task Exec_InvalidBody_IsABadRequestNamingTheField(string body, string field)
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();

        var response = await dev.PostAsync($"/api/v1/grants/{grantId}/actions/exec", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public async Task Exec_TooManyArguments_IsABadRequest()
    {
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();

        var response = await dev.ActAsync(grantId, "exec", new { pod = "ledger-1", command = Enumerable.Repeat("x", 65).Prepend("echo"), reason = "INC-42" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("command")[0].GetString()!.ShouldContain("at most 64 arguments");
    }

    [Fact]
    public async Task Exec_LeavesNoTokenInTheLogsOrTheAudit()
    {
        var logs = new CapturedLogs();
        await using var host = await AuditFixture.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>(), logs.Install);
        var dev = host.ClientFor("dev", "payments-devs");
        var grantId = await dev.OperateGrantAsync();
        var pod = await host.PodOfAsync("ledger");

        var response = await dev.ActAsync(grantId, "exec", new { pod, command = new[] { "hostname" }, reason = "INC-42" });

        await response.ShouldBeOkJsonAsync();
        logs.Events.ShouldNotBeEmpty();
        // Both the caller's and the grant's tokens are JWTs: a JWT's header always starts with "eyJ" ({").
        logs.Events.ShouldAllBe(line => !line.Contains("eyJ", StringComparison.Ordinal) && !line.Contains("Bearer", StringComparison.OrdinalIgnoreCase));
        (await host.AuditOfAsync(grantId, "pod.exec")).ShouldAllBe(record => !record.ToString().Contains("eyJ", StringComparison.Ordinal));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
