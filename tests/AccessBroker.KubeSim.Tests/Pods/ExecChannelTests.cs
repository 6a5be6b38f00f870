using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Tests.Infrastructure;

namespace AccessBroker.KubeSim.Tests.Pods;

/// <summary>The WebSocket channel protocols of pods/exec, spoken frame by frame.</summary>
public sealed class ExecChannelTests(KubeSimFixture sim) : IClassFixture<KubeSimFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record ExecResult(string Protocol, string Stdout, string Stderr, JsonObject Status)
    {
        public string Pod { get; init; } = "";
    }

    private async Task<string> PodAsync(string ns)
    {
        await sim.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment("web", "nginx:1.25", replicas: 1));
        var pods = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/pods");
        return pods["items.0.metadata.name"]!;
    }

    private ClientWebSocket Socket(string token, params string[] protocols)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        foreach (var protocol in protocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }
        socket.Options.RemoteCertificateValidationCallback = CaTrust.For(sim.Server.CaCertificatePem);
        return socket;
    }

    private Uri ExecUri(string ns, string pod, string query) =>
        new($"wss://{sim.Server.Url.Authority}/api/v1/namespaces/{ns}/pods/{pod}/exec?{query}");

    /// <summary>Runs an exec as the admin in a fresh pod; <paramref name="query"/> gets the pod name and gives the query string.</summary>
    private async Task<ExecResult> ExecAsync(string protocol, Func<string, string> query, Func<ClientWebSocket, Task>? afterConnect = null)
    {
        var ns = await sim.NewNamespaceAsync();
        var pod = await PodAsync(ns);
        using var socket = Socket(sim.Server.AdminToken, protocol);
        await socket.ConnectAsync(ExecUri(ns, pod, query(pod)), Ct);
        return await RunAsync(socket, afterConnect) with { Pod = pod };
    }

    private static async Task<ExecResult> RunAsync(ClientWebSocket socket, Func<ClientWebSocket, Task>? afterConnect = null)
    {
        if (afterConnect is not null)
        {
            await afterConnect(socket);
        }
        var (stdout, stderr) = (new StringBuilder(), new StringBuilder());
        JsonObject? status = null;
        var buffer = new byte[8192];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, Ct);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }
            var data = message.ToArray();
            var text = Encoding.UTF8.GetString(data, 1, data.Length - 1);
            switch (data[0])
            {
                case 1:
                    stdout.Append(text);
                    break;
                case 2:
                    stderr.Append(text);
                    break;
                case 3:
                    status = JsonNode.Parse(text)!.AsObject();
                    break;
                default:
                    throw new InvalidOperationException($"unexpected channel {data[0]}");
            }
        }
        return new ExecResult(socket.SubProtocol ?? "", stdout.ToString(), stderr.ToString(), status ?? throw new InvalidOperationException("no status"));
    }

    [Fact]
    public async Task V5_IsChosenWhenOffered_AndReportsSuccess()
    {
        var result = await ExecAsync("v5.channel.k8s.io", _ => "command=echo&command=hello&command=world&stdout=true&stderr=true");

        result.Protocol.ShouldBe("v5.channel.k8s.io");
        result.Stdout.ShouldBe("hello world\n");
        result.Status["status"]!.GetValue<string>().ShouldBe("Success");
    }

    [Fact]
    public async Task V5_CloseSignalEndsStdin()
    {
        var result = await ExecAsync("v5.channel.k8s.io", _ => "command=cat&stdin=true&stdout=true&stderr=true", async s =>
        {
            await s.SendAsync(new byte[] { 0 }.Concat("piped input"u8.ToArray()).ToArray(), WebSocketMessageType.Binary, true, Ct);
            await s.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, Ct);
        });

        result.Stdout.ShouldBe("piped input");
        result.Status["status"]!.GetValue<string>().ShouldBe("Success");
    }

    [Fact]
    public async Task V4_UnknownCommand_FailsWithExitCodeCause()
    {
        var result = await ExecAsync("v4.channel.k8s.io", _ => "command=frobnicate&stdout=true&stderr=true");

        result.Protocol.ShouldBe("v4.channel.k8s.io");
        result.Stderr.ShouldContain("frobnicate");
        result.Status["reason"]!.GetValue<string>().ShouldBe("NonZeroExitCode");
        result.Status["details"]!["causes"]![0]!["reason"]!.GetValue<string>().ShouldBe("ExitCode");
        result.Status["details"]!["causes"]![0]!["message"]!.GetValue<string>().ShouldBe("127");
    }

    [Fact]
    public async Task BuiltinCommands_ReadFilesAndEnvironment()
    {
        var line = Uri.EscapeDataString("cat /etc/hostname && printenv GREETING || echo unreachable; false || echo after-false");

        var result = await ExecAsync("v4.channel.k8s.io", _ => $"command=sh&command=-c&command={line}&stdout=true&stderr=true");

        result.Stdout.ShouldBe($"{result.Pod}\nhello from kubesim\nafter-false\n");
        result.Status["status"]!.GetValue<string>().ShouldBe("Success");
    }

    [Fact]
    public async Task Exec_NeedsCreateOnPodsExec_BesidesGet()
    {
        var ns = await sim.NewNamespaceAsync();
        var pod = await PodAsync(ns);
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles",
            Objects.Role("Role", "exec-get-only", (["get"], [""], ["pods", "pods/exec"], null)));
        await sim.CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings",
            Objects.Binding("RoleBinding", "exec-get-only", "Role", "exec-get-only", Objects.ServiceAccountSubject(ns, "viewer")));
        await sim.CreateAsync($"/api/v1/namespaces/{ns}/serviceaccounts", Objects.ServiceAccount("viewer"));
        using var socket = Socket(await sim.TokenAsync(ns, "viewer"), "v5.channel.k8s.io");

        var refused = await Should.ThrowAsync<WebSocketException>(() =>
            socket.ConnectAsync(ExecUri(ns, pod, "command=echo&stdout=true"), Ct));

        refused.Message.ShouldContain("403");
    }

    [Fact]
    public async Task Exec_WithoutUpgrade_Returns400()
    {
        var ns = await sim.NewNamespaceAsync();
        var pod = await PodAsync(ns);

        var response = await sim.Admin.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/{pod}/exec?command=echo");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response["message"].ShouldBe("Upgrade request required");
    }

    [Fact]
    public async Task Exec_UnknownContainer_Is400WithTheApiServersMessage_BeforeTheUpgradeIsChecked()
    {
        var ns = await sim.NewNamespaceAsync();
        var pod = await PodAsync(ns);
        using var socket = Socket(sim.Server.AdminToken, "v4.channel.k8s.io");

        var refused = await Should.ThrowAsync<WebSocketException>(() =>
            socket.ConnectAsync(ExecUri(ns, pod, "command=echo&stdout=true&container=nope"), Ct));
        var response = await sim.Admin.GetAsync($"/api/v1/namespaces/{ns}/pods/{pod}/exec?command=echo&container=nope");

        refused.Message.ShouldContain("400");
        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response["message"].ShouldBe($"container nope is not valid for pod {pod}");
    }

    [Fact]
    public async Task Exec_OnAMissingPod_IsNotFound_BeforeTheUpgradeIsChecked()
    {
        var ns = await sim.NewNamespaceAsync();

        var response = await sim.Admin.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/no-such-pod/exec?command=echo");

        response.Status.ShouldBe(HttpStatusCode.NotFound);
        response["reason"].ShouldBe("NotFound");
    }
}
