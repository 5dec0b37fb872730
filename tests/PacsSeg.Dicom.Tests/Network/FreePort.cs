using System.Net;
using System.Net.Sockets;

namespace PacsSeg.Dicom.Tests.Network;

internal static class FreePort
{
    public static int Get()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
