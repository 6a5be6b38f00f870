using AccessBroker.Cli.Commands;

namespace AccessBroker.Cli.Tests.Commands;

public sealed class KubeconfigMergeTests
{
    private const string Grant = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: 'sandbox'
          cluster:
            server: 'https://sandbox.example:6443'
        contexts:
        - name: 'sandbox-payments-ab12'
          context:
            cluster: 'sandbox'
            namespace: 'payments'
            user: 'ab12'
        current-context: 'sandbox-payments-ab12'
        users:
        - name: 'ab12'
          user:
            exec:
              command: abctl
        """;

    private const string Existing = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: https://old.example:6443
        - name: home
          cluster:
            server: https://home.example:6443
        contexts:
        - name: home
          context: { cluster: home, user: me }
        current-context: home
        users:
        - name: me
          user: { token: keep-me }
        """;

    [Fact]
    public void Merge_KeepsOtherEntries_ReplacesSameNames_AndSwitchesContext()
    {
        var merged = KubeconfigCommand.Merge(Existing, Grant);

        merged.ShouldContain("https://home.example:6443");
        merged.ShouldContain("keep-me");
        merged.ShouldContain("https://sandbox.example:6443");
        merged.ShouldNotContain("https://old.example:6443");
        merged.ShouldContain("current-context: 'sandbox-payments-ab12'");
        merged.ShouldContain("command: abctl");
    }

    [Fact]
    public void Merge_IntoNothing_IsTheGrantsKubeconfig()
    {
        var merged = KubeconfigCommand.Merge("", Grant);

        merged.ShouldContain("kind: Config");
        merged.ShouldContain("- name: 'ab12'");
        merged.ShouldContain("current-context: 'sandbox-payments-ab12'");
    }
}
