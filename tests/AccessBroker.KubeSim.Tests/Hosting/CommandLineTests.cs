using AccessBroker.KubeSim.Hosting;

namespace AccessBroker.KubeSim.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public void TryParse_ReadsEveryOption()
    {
        var file = Path.GetTempFileName();
        try
        {
            CommandLine.TryParse(
                ["--listen", "127.0.0.1:6443", "--kubeconfig-out", "admin.kubeconfig", "--seed", file, "--audit-webhook", "http://127.0.0.1:9/audit", "--http", "--demo"],
                out var command, out var error).ShouldBeTrue(error);

            command.Options.ListenAddress.ShouldBe("127.0.0.1");
            command.Options.Port.ShouldBe(6443);
            command.Options.UseHttps.ShouldBeFalse();
            command.Options.SeedYamlFiles.ShouldBe([file]);
            command.Options.SeedYaml.ShouldBe(KubeSimDemoSeed.Yaml);
            command.Options.AuditWebhookUrl.ShouldBe("http://127.0.0.1:9/audit");
            command.KubeconfigPath.ShouldBe("admin.kubeconfig");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--listen", "6443")]
    [InlineData("--bogus")]
    [InlineData("--seed")]
    public void TryParse_RejectsBadArguments(params string[] args)
    {
        CommandLine.TryParse(args, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNullOrEmpty();
    }
}
