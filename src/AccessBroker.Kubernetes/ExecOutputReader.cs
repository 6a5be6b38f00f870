using System.Net.WebSockets;

namespace AccessBroker.Kubernetes;

/// <summary>
/// Reads a remotecommand WebSocket (k8s.io/apimachinery wsstream: the first byte of every message names its channel,
/// 1 stdout, 2 stderr, 3 the final status) until the server closes it. Stdout and stderr share one byte limit; what
/// comes past it is counted and dropped, not buffered, so a chatty command cannot exhaust the broker's memory.
/// </summary>
internal sealed class ExecOutputReader(int limitBytes)
{
    private const byte StdoutChannel = 1;
    private const byte StderrChannel = 2;
    private const byte ErrorChannel = 3;
    private const int StatusLimitBytes = 64 * 1024;

    private readonly MemoryStream stdout = new();
    private readonly MemoryStream stderr = new();
    private readonly MemoryStream status = new();

    public byte[] Stdout => stdout.ToArray();

    public byte[] Stderr => stderr.ToArray();

    public long DroppedBytes { get; private set; }

    /// <summary>The metav1.Status JSON sent on the error channel, or null when the stream ended without one.</summary>
    public string? Status => status.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(status.ToArray());

    public async Task ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        byte? channel = null;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }

            var data = buffer.AsMemory(0, received.Count);
            if (channel is null && data.Length > 0)
            {
                channel = data.Span[0];
                data = data[1..];
            }

            if (channel is { } current)
            {
                Accept(current, data.Span);
            }

            if (received.EndOfMessage)
            {
                channel = null;
            }
        }
    }

    private void Accept(byte channel, ReadOnlySpan<byte> data)
    {
        switch (channel)
        {
            case StdoutChannel or StderrChannel:
                var kept = (int)Math.Min(data.Length, Math.Max(0, limitBytes - stdout.Length - stderr.Length));
                (channel == StdoutChannel ? stdout : stderr).Write(data[..kept]);
                DroppedBytes += data.Length - kept;
                break;
            case ErrorChannel when status.Length + data.Length <= StatusLimitBytes:
                status.Write(data);
                break;
        }
    }
}
