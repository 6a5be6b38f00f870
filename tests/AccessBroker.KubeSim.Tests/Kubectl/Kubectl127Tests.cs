using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Kubectl;

/// <summary>
/// kubectl 1.27, the oldest client: the common commands. Its exec speaks only SPDY, its whoami is beta and its
/// apply/create -f need protobuf /openapi/v2; KubeSim implements none of those, and says so.
/// </summary>
public sealed class Kubectl127Tests(KubeSimFixture sim) : KubectlCommandTests(sim, "1.27"), IClassFixture<KubeSimFixture>
{
    [Fact]
    public async Task Exec_OverSpdy_FailsWithAClearMessage()
    {
        var ns = await NamespaceWithDeploymentAsync();
        var pod = await FirstPodAsync(ns);

        var result = await RunAsync(ns, "exec", pod, "--", "echo", "hi");

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("SPDY");
    }
}
