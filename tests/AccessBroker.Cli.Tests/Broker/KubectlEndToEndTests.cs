using System.Text.Json;

namespace AccessBroker.Cli.Tests.Broker;

/// <summary>The real kubectl uses the broker's kubeconfig, whose user runs the built abctl as exec plugin.</summary>
public sealed class KubectlEndToEndTests(BrokerCli broker) : IClassFixture<BrokerCli>
{
    private static readonly string[] Devs = ["payments-devs"];

    [Fact]
    public async Task Kubectl_WithTheGrantsKubeconfig_ListsPodsIsForbiddenSecrets_AndFailsAfterRevoke()
    {
        Assert.SkipUnless(Kubectl.IsInstalled, $"{Kubectl.Path133} is not installed");
        var (_, created, _) = await broker.RunAsync("kim", Devs, "request", "view", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-10", "--wait", "-o", "json");
        var grantId = JsonDocument.Parse(created).RootElement.GetProperty("grant").GetProperty("id").GetString()!;
        var kubeconfig = Path.Combine(broker.ConfigDirectoryOf("kim"), "kubeconfig");
        (await broker.RunAsync("kim", Devs, "kubeconfig", grantId, "-o", kubeconfig)).ExitCode.ShouldBe(ExitCodes.Success);

        var pods = await RunKubectlAsync(kubeconfig, "get", "pods", "-n", "payments");
        var secrets = await RunKubectlAsync(kubeconfig, "get", "secrets", "-n", "payments");
        (await broker.RunAsync("kim", Devs, "revoke", grantId)).ExitCode.ShouldBe(ExitCodes.Success);
        var afterRevoke = await RunKubectlAsync(kubeconfig, "get", "pods", "-n", "payments");

        pods.ExitCode.ShouldBe(0, pods.Error);
        secrets.ExitCode.ShouldNotBe(0);
        secrets.Error.ShouldContain("Forbidden");
        afterRevoke.ExitCode.ShouldNotBe(0);
        afterRevoke.Error.ShouldContain("Unauthorized", Case.Insensitive);
    }

    private async Task<(int ExitCode, string Error)> RunKubectlAsync(string kubeconfig, params string[] args)
    {
        var (exitCode, _, error) = await Kubectl.RunAsync(broker, "kim", kubeconfig, args);
        return (exitCode, error);
    }
}
