using System.Text.Json;

namespace AccessBroker.Cli.Tests.Broker;

public sealed class RequestAndGrantCommandsTests(BrokerCli broker) : IClassFixture<BrokerCli>
{
    private static readonly string[] Devs = ["payments-devs"];
    private static readonly string[] Leads = ["payments-leads"];

    [Fact]
    public async Task Request_AutoApprovedRole_ExitsZeroAndShowsTheActiveGrant()
    {
        var (exitCode, output, error) = await broker.RunAsync("alice", Devs, "request", "view", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-1");

        error.ShouldBeEmpty();
        exitCode.ShouldBe(ExitCodes.Success);
        output.ShouldContain(": approved (policy view-at-once).");
        output.ShouldContain("Grant ");
        output.ShouldContain("active until");
    }

    [Fact]
    public async Task Request_Json_IsTheBrokersRequestView()
    {
        var (exitCode, output, _) = await broker.RunAsync("amy", Devs, "request", "view", "--cluster", "sandbox", "-n", "checkout", "--for", "30m", "--reason", "INC-2", "-o", "json");

        exitCode.ShouldBe(ExitCodes.Success);
        var request = JsonDocument.Parse(output).RootElement;
        request.GetProperty("status").GetString().ShouldBe("approved");
        request.GetProperty("grant").GetProperty("status").GetString().ShouldBe("active");
    }

    [Fact]
    public async Task Request_NeedingApproval_ExitsZeroAndSaysWhoMustApprove()
    {
        var (exitCode, output, _) = await broker.RunAsync("bob", Devs, "request", "troubleshoot", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-3");

        exitCode.ShouldBe(ExitCodes.Success);
        output.ShouldContain(": pending (policy troubleshoot-with-lead).");
        output.ShouldContain("Waiting for 1 approval(s) from payments-leads (0 given)");
    }

    [Fact]
    public async Task Request_Denied_ExitsThreeWithTheExplanationsAndTheLongestAllowedDuration()
    {
        var (exitCode, output, error) = await broker.RunAsync("carol", Devs, "request", "view", "--cluster", "sandbox", "-n", "payments", "--for", "9h", "--reason", "INC-4");

        exitCode.ShouldBe(ExitCodes.Denied);
        output.ShouldContain("view-at-once:");
        output.ShouldContain("Longest duration allowed for this scope: 8h.");
        error.ShouldStartWith("abctl: ");
        error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Approve_ByALead_ApprovesAndWaitingRequesterSeesTheGrant()
    {
        var (_, created, _) = await broker.RunAsync("dave", Devs, "request", "troubleshoot", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-5", "-o", "json");
        var id = JsonDocument.Parse(created).RootElement.GetProperty("id").GetString()!;

        var (_, awaiting, _) = await broker.RunAsync("lena", Leads, "requests", "--awaiting-me");
        awaiting.ShouldContain(id);
        var (approveExit, approved, _) = await broker.RunAsync("lena", Leads, "approve", id, "--comment", "go");

        approveExit.ShouldBe(ExitCodes.Success);
        approved.ShouldContain(": approved");
        var (_, mine, _) = await broker.RunAsync("dave", Devs, "requests", "-o", "json");
        var item = JsonDocument.Parse(mine).RootElement.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
        item.GetProperty("status").GetString().ShouldBe("approved");
    }

    [Fact]
    public async Task RequestWait_DeniedWhileWaiting_ExitsThree()
    {
        var waiting = broker.RunAsync("erin", Devs, "request", "troubleshoot", "--cluster", "sandbox", "-n", "checkout", "--for", "1h", "--reason", "INC-6", "--wait");
        var id = await PendingRequestOfAsync("erin");

        (await broker.RunAsync("lena", Leads, "deny", id, "--comment", "not now")).ExitCode.ShouldBe(ExitCodes.Success);
        var (exitCode, output, error) = await waiting;

        exitCode.ShouldBe(ExitCodes.Denied);
        output.ShouldContain(": denied");
        error.ShouldContain("waiting: request");
        error.ShouldContain($"abctl: request {id} was denied.");
    }

    [Fact]
    public async Task Cancel_OwnPendingRequest_Cancels()
    {
        await broker.RunAsync("fay", Devs, "request", "troubleshoot", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-7");
        var id = await PendingRequestOfAsync("fay");

        var (exitCode, output, _) = await broker.RunAsync("fay", Devs, "cancel", id);

        exitCode.ShouldBe(ExitCodes.Success);
        output.ShouldContain(": cancelled");
    }

    [Fact]
    public async Task Grants_ListsTheActiveGrantWithTimeLeft_AndRevokeEndsIt()
    {
        var grantId = await ActiveGrantOfAsync("gus");

        var (_, table, _) = await broker.RunAsync("gus", Devs, "grants");
        table.Split('\n')[0].ShouldStartWith("ID");
        table.ShouldContain("LEFT");
        var row = table.Split('\n').Single(line => line.StartsWith(grantId, StringComparison.Ordinal));
        row.ShouldContain("active");
        row.ShouldContain("view");

        var (exitCode, output, _) = await broker.RunAsync("gus", Devs, "revoke", grantId, "--reason", "done");

        exitCode.ShouldBe(ExitCodes.Success);
        output.ShouldContain("revoked");
    }

    [Fact]
    public async Task Credential_PrintsAnExecCredential_AndServesTheSecondCallFromTheCache()
    {
        var grantId = await ActiveGrantOfAsync("hal");
        var before = broker.CredentialCalls;

        var (exitCode, output, error) = await broker.RunAsync("hal", Devs, "credential", grantId);
        var (secondExit, second, _) = await broker.RunAsync("hal", Devs, "credential", grantId);

        exitCode.ShouldBe(ExitCodes.Success);
        error.ShouldBeEmpty();
        var credential = JsonDocument.Parse(output).RootElement;
        credential.GetProperty("apiVersion").GetString().ShouldBe("client.authentication.k8s.io/v1");
        credential.GetProperty("kind").GetString().ShouldBe("ExecCredential");
        credential.GetProperty("status").GetProperty("token").GetString().ShouldNotBeNullOrEmpty();
        secondExit.ShouldBe(ExitCodes.Success);
        second.ShouldBe(output);
        (broker.CredentialCalls - before).ShouldBe(1);
        var cached = Directory.GetFiles(Path.Combine(broker.ConfigDirectoryOf("hal"), "credentials")).ShouldHaveSingleItem();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(cached).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Credential_UnknownGrant_FailsWithOneLineOnStderrAndNothingOnStdout()
    {
        var (exitCode, output, error) = await broker.RunAsync("ivy", Devs, "credential", Guid.NewGuid().ToString());

        exitCode.ShouldBe(ExitCodes.Failure);
        output.ShouldBeEmpty();
        error.ShouldStartWith("abctl: ");
        error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Kubeconfig_ToFile_IsOwnerOnlyAndItsUserRunsAbctlCredential()
    {
        var grantId = await ActiveGrantOfAsync("jo");
        var file = Path.Combine(broker.ConfigDirectoryOf("jo"), "grant.kubeconfig");

        var (exitCode, output, _) = await broker.RunAsync("jo", Devs, "kubeconfig", grantId, "-o", file);

        exitCode.ShouldBe(ExitCodes.Success);
        output.ShouldBeEmpty();
        var yaml = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        yaml.ShouldContain("command: abctl");
        yaml.ShouldContain($"- '{grantId}'");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private async Task<string> ActiveGrantOfAsync(string subject)
    {
        var (_, output, _) = await broker.RunAsync(subject, Devs, "request", "view", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-9", "--wait", "-o", "json");
        return JsonDocument.Parse(output).RootElement.GetProperty("grant").GetProperty("id").GetString()!;
    }

    private async Task<string> PendingRequestOfAsync(string subject)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (_, output, _) = await broker.RunAsync(subject, Devs, "requests", "-o", "json");
            if (JsonDocument.Parse(output).RootElement.GetProperty("items").EnumerateArray().FirstOrDefault(r => r.GetProperty("status").GetString() == "pending") is { ValueKind: JsonValueKind.Object } pending)
            {
                return pending.GetProperty("id").GetString()!;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"no pending request of {subject}");
    }
}
