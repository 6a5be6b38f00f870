using System.Text.Json;
using k8s;

namespace AccessBroker.Cli.Tests.Broker;

/// <summary><c>abctl scale|rollback|restart|exec|logs</c> against a real broker and KubeSim, each user with their own grants.</summary>
public sealed class ActionCommandsTests(BrokerCli broker) : IClassFixture<BrokerCli>
{
    private static readonly string[] Devs = ["payments-devs"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scale_WithTheOnlyFittingGrant_PicksItAndScales()
    {
        var grant = await GrantAsync("sam", "operate");

        var (exitCode, output, error) = await broker.RunAsync("sam", Devs, "scale", "payments-api", "--replicas", "3", "--reason", "INC-7 load");

        error.ShouldBeEmpty();
        exitCode.ShouldBe(ExitCodes.Success);
        output.ShouldContain("Deployment payments-api scaled from ");
        output.ShouldContain($"to 3 replicas (grant {grant}).");
        (await broker.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("payments-api", "payments", cancellationToken: Cancellation)).Spec.Replicas.ShouldBe(3);
    }

    [Fact]
    public async Task RestartThenRollback_ReturnTheDeploymentToItsPreviousTemplate()
    {
        await GrantAsync("rita", "operate");
        var (restartExit, restarted, _) = await broker.RunAsync("rita", Devs, "restart", "ledger", "--reason", "INC-8", "-o", "json");
        restartExit.ShouldBe(ExitCodes.Success);
        JsonDocument.Parse(restarted).RootElement.GetProperty("deployment").GetString().ShouldBe("ledger");
        var deployment = await broker.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation);
        deployment.Spec.Template.Metadata.Annotations.ShouldContainKey("kubectl.kubernetes.io/restartedAt");
        var image = deployment.Spec.Template.Spec.Containers[0].Image;
        deployment.Spec.Template.Spec.Containers[0].Image = "registry.example/ledger:broken";
        await broker.Cluster.Admin.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, "ledger", "payments", cancellationToken: Cancellation);

        var (exitCode, output, error) = await broker.RunAsync("rita", Devs, "rollback", "ledger", "--reason", "INC-8 bad image");

        error.ShouldBeEmpty();
        exitCode.ShouldBe(ExitCodes.Success);
        output.ShouldContain($"(images registry.example/ledger:broken -> {image};");
        (await broker.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync("ledger", "payments", cancellationToken: Cancellation))
            .Spec.Template.Spec.Containers[0].Image.ShouldBe(image);
    }

    [Fact]
    public async Task Exec_PrintsStdoutAndStderrToTheirStreams_AndExitsWithTheCommandsExitCode()
    {
        await GrantAsync("ed", "operate");
        var pod = await PodAsync("ledger", "payments");

        var (exitCode, output, error) = await broker.RunAsync("ed", Devs, "exec", pod, "--reason", "INC-9", "--", "cat", "/etc/hostname", "/no/such/file");

        exitCode.ShouldBe(1);
        output.ShouldBe(pod + "\n");
        error.ShouldContain("cat: /no/such/file: No such file or directory");
        var (okExit, okOutput, _) = await broker.RunAsync("ed", Devs, "exec", pod, "-c", "ledger", "--reason", "INC-9", "--", "sh", "-c", "echo $APP_NAME; exit 7");
        okExit.ShouldBe(7);
        okOutput.ShouldBe("ledger\n");
    }

    [Fact]
    public async Task Exec_Json_IsTheBrokersResult_AndStillPassesOnTheExitCode()
    {
        await GrantAsync("jo", "operate");
        var pod = await PodAsync("ledger", "payments");

        var (exitCode, output, _) = await broker.RunAsync("jo", Devs, "exec", pod, "--reason", "INC-10", "-o", "json", "--", "false");

        exitCode.ShouldBe(1);
        var result = JsonDocument.Parse(output).RootElement;
        result.GetProperty("exitCode").GetInt32().ShouldBe(1);
        result.GetProperty("outputSha256").GetString().ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    [Fact]
    public async Task Logs_WithTailAndSince_PrintTheLogText()
    {
        await GrantAsync("lou", "view");
        var pod = await PodAsync("ledger", "payments");

        var (exitCode, output, error) = await broker.RunAsync("lou", Devs, "logs", pod, "--tail", "3", "--since", "10m");

        error.ShouldBeEmpty();
        exitCode.ShouldBe(ExitCodes.Success);
        output.TrimEnd('\n').Split('\n').Length.ShouldBe(3);
    }

    [Fact]
    public async Task AnyAction_WithoutAFittingGrant_SaysSoInOneLine()
    {
        await GrantAsync("nina", "view");

        var (exitCode, output, error) = await broker.RunAsync("nina", Devs, "scale", "ledger", "--replicas", "1", "--reason", "INC-11");

        exitCode.ShouldBe(ExitCodes.Failure);
        output.ShouldBeEmpty();
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("abctl: no active grant of yours permits scale (active: ");
        var (noneExit, _, noneError) = await broker.RunAsync("nobody", Devs, "logs", "ledger-1");
        noneExit.ShouldBe(ExitCodes.Failure);
        noneError.Trim().ShouldBe("abctl: no active grant of yours permits logs; request one with 'abctl request ROLE --cluster C -n NS --for 1h --reason R'.");
    }

    [Fact]
    public async Task AnyAction_WithTwoFittingGrants_ListsThemAndExitsTwo_UntilFilteredOrChosen()
    {
        var view = await GrantAsync("max", "view");
        var operate = await GrantAsync("max", "operate");
        var checkout = await GrantAsync("max", "view", "checkout");
        var pod = await PodAsync("ledger", "payments");

        var (exitCode, _, error) = await broker.RunAsync("max", Devs, "logs", pod, "-n", "payments", "--tail", "1");

        exitCode.ShouldBe(ExitCodes.InvalidInput);
        var line = error.Trim().Split('\n').ShouldHaveSingleItem();
        line.ShouldStartWith("abctl: 2 active grants in namespace payments permit logs: ");
        line.ShouldContain($"{view} (view in sandbox/payments)");
        line.ShouldContain($"{operate} (operate in sandbox/payments)");
        line.ShouldNotContain(checkout.ToString());
        (await broker.RunAsync("max", Devs, "logs", pod, "--grant", view.ToString(), "--tail", "1")).ExitCode.ShouldBe(ExitCodes.Success);
        (await broker.RunAsync("max", Devs, "logs", await PodAsync("cart", "checkout"), "-n", "checkout", "--tail", "1")).ExitCode.ShouldBe(ExitCodes.Success);
        (await broker.RunAsync("max", Devs, "exec", pod, "--reason", "INC-12", "--", "true")).ExitCode.ShouldBe(ExitCodes.Success, "only operate permits exec");
    }

    [Fact]
    public async Task BrokerRefusal_IsPrintedAsOneLine_WithANonZeroExit()
    {
        var view = await GrantAsync("pia", "view");
        var pod = await PodAsync("ledger", "payments");

        var (exitCode, output, error) = await broker.RunAsync("pia", Devs, "exec", pod, "--grant", view.ToString(), "--reason", "INC-13", "--", "hostname");

        exitCode.ShouldBe(ExitCodes.Failure);
        output.ShouldBeEmpty();
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldBe("abctl: Not allowed.: Role 'view' does not permit the exec action.");
    }

    private async Task<Guid> GrantAsync(string subject, string role, string @namespace = "payments")
    {
        var (exitCode, output, error) = await broker.RunAsync(
            subject, Devs, "request", role, "--cluster", "sandbox", "-n", @namespace, "--for", "1h", "--reason", "INC-1", "-o", "json");
        exitCode.ShouldBe(ExitCodes.Success, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("grant").GetProperty("id").GetGuid();
    }

    private async Task<string> PodAsync(string deployment, string @namespace) =>
        (await broker.Cluster.Admin.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: $"app.kubernetes.io/name={deployment}", cancellationToken: Cancellation))
            .Items.First().Metadata.Name;
}
