// Free TCP ports on 127.0.0.1 for test servers. Ports are drawn below the kernel's ephemeral range: a port the
// kernel hands out for "port 0" can be taken again by any outgoing connection (an HTTP poll, an SCU) in the
// moment between this check and the server's bind, which made tests fail with "address already in use".
using System.Net;
using System.Net.Sockets;

namespace PacsSeg.Tests.Shared;

internal static class FreePort
{
    private const int Lowest = 20000;

    /// <summary>A port on 127.0.0.1 that nothing listens on now and that outgoing connections do not use.</summary>
    public static int Next()
    {
        int ephemeralStart = EphemeralRangeStart();
        int highest = Math.Max(Lowest + 1000, ephemeralStart) - 1;
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = Random.Shared.Next(Lowest, highest + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: draw another.
            }
        }
        throw new InvalidOperationException($"No free port found between {Lowest} and {highest}.");
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768; // Linux's default; Windows starts its dynamic range at 49152.
        }
    }
}
