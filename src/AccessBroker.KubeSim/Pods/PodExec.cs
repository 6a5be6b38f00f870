using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Pods;

/// <summary>
/// <c>pods/NAME/exec</c> over WebSocket with the channel protocols of k8s.io/apimachinery/pkg/util/httpstream/wsstream:
/// every binary message starts with its channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize);
/// <c>v5.channel.k8s.io</c> (kubectl 1.30+) adds channel 255, whose message [255, n] closes channel n.
/// <c>v4.channel.k8s.io</c> (KubernetesClient) is the same without it. The error channel carries the final
/// metav1.Status: Success, or Failure with reason NonZeroExitCode and an ExitCode cause, as remotecommand v4 defines.
/// SPDY (what kubectl before 1.30 uses) is not implemented.
/// </summary>
internal sealed class PodExec(ObjectStore store)
{
    public const string V5Protocol = "v5.channel.k8s.io";
    public const string V4Protocol = "v4.channel.k8s.io";

    private const byte StdinChannel = 0;
    private const byte StdoutChannel = 1;
    private const byte StderrChannel = 2;
    private const byte ErrorChannel = 3;
    private const byte CloseSignal = 255;

    public async Task HandleAsync(ApiCall call)
    {
        var http = call.Http;
        // As kube-apiserver's ExecREST: the pod and container are resolved (404, 400) before the stream is upgraded.
        var pod = store.GetRequired(ResourceCatalog.Pods, call.Info.Namespace, call.Info.Name);
        var container = PodContainers.Resolve(pod, call.Query("container"));
        if (!http.WebSockets.IsWebSocketRequest)
        {
            var spdy = http.Request.Headers.Upgrade.ToString().Contains("SPDY", StringComparison.OrdinalIgnoreCase);
            throw KubeApiException.BadRequest(spdy
                ? "KubeSim does not implement SPDY streaming; use a client that speaks v5.channel.k8s.io or v4.channel.k8s.io over WebSocket (kubectl 1.30+, KubernetesClient)"
                : "Upgrade request required");
        }
        var command = http.Request.Query["command"].Where(c => c is not null).Select(c => c!).ToList();
        if (command.Count == 0)
        {
            throw KubeApiException.BadRequest("you must specify at least 1 command");
        }
        var protocol = http.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p is V5Protocol or V4Protocol)
            ?? throw KubeApiException.BadRequest($"none of the requested subprotocols is supported; KubeSim speaks {V5Protocol} and {V4Protocol}");

        using var socket = await http.WebSockets.AcceptWebSocketAsync(protocol);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(call.Aborted);
        var sendLock = new SemaphoreSlim(1, 1);
        var stdin = Channel.CreateUnbounded<string>();
        if (call.Query("stdin") != "true")
        {
            stdin.Writer.TryComplete();
        }
        var receiving = ReceiveAsync(socket, stdin.Writer, protocol == V5Protocol, session);

        async Task Send(byte channel, string text)
        {
            var payload = new byte[Encoding.UTF8.GetByteCount(text) + 1];
            payload[0] = channel;
            Encoding.UTF8.GetBytes(text, 0, text.Length, payload, 1);
            await sendLock.WaitAsync(session.Token);
            try
            {
                await socket.SendAsync(payload, WebSocketMessageType.Binary, true, session.Token);
            }
            finally
            {
                sendLock.Release();
            }
        }

        async Task<string> ReadStdin(CancellationToken ct)
        {
            var text = new StringBuilder();
            await foreach (var chunk in stdin.Reader.ReadAllAsync(ct))
            {
                text.Append(chunk);
            }
            return text.ToString();
        }

        try
        {
            var shell = new BuiltinShell(pod, container, store.Time);
            var io = new ProcessIo(text => Send(StdoutChannel, text), text => Send(StderrChannel, text), ReadStdin);
            var exitCode = await shell.RunAsync(command, io, session.Token);
            await Send(ErrorChannel, ExitStatus(exitCode).ToJsonString());
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", session.Token);
            await receiving.WaitAsync(TimeSpan.FromSeconds(5), store.Time, session.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The client left or did not acknowledge the close; the connection is torn down below.
        }
        finally
        {
            await session.CancelAsync();
            sendLock.Dispose();
        }
    }

    private static async Task ReceiveAsync(WebSocket socket, ChannelWriter<string> stdin, bool supportsClose, CancellationTokenSource session)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, session.Token);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client has gone: stop the command rather than let it run on (e.g. a long sleep).
                    await session.CancelAsync();
                    return;
                }
                var data = message.ToArray();
                if (data.Length == 0)
                {
                    continue;
                }
                if (data[0] == StdinChannel)
                {
                    stdin.TryWrite(Encoding.UTF8.GetString(data, 1, data.Length - 1));
                }
                else if (supportsClose && data[0] == CloseSignal && data.Length > 1 && data[1] == StdinChannel)
                {
                    stdin.TryComplete();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Connection gone.
        }
        finally
        {
            stdin.TryComplete();
        }
    }

    private static JsonObject ExitStatus(int exitCode)
    {
        if (exitCode == 0)
        {
            return new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" };
        }
        var code = exitCode.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"command terminated with non-zero exit code: exit status {code}",
            ["reason"] = "NonZeroExitCode",
            ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code }) },
        };
    }
}
