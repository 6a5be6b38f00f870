using System.Net;
using System.Net.Sockets;

namespace AccessBroker.Testing;

/// <summary>Ports for servers a test starts as separate processes (they bind 127.0.0.1 only).</summary>
public static class LoopbackPort
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
