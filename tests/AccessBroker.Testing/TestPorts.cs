using System.Net;
using System.Net.Sockets;

namespace AccessBroker.Testing;

/// <summary>Free loopback ports, for servers whose URL must be known before they start (an issuer, a redirect URI).</summary>
public static class TestPorts
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
