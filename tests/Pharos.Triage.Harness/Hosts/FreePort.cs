using System.Net;
using System.Net.Sockets;

namespace Pharos.Triage.Harness.Hosts;

public static class FreePort
{
    /// <summary>A port on 127.0.0.1 that nothing listens on now: the system hands out the next unused one.</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
