namespace PacsSeg.Plugin.Configuration;

/// <summary>Where Kestrel listens. Loopback by default: exposing the service is an explicit decision.</summary>
public sealed class ListenOptions
{
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Admin REST, health and metrics (HTTP/1.1 and HTTP/2).</summary>
    public int HttpPort { get; set; } = 8090;

    /// <summary>gRPC API (HTTP/2 only, cleartext h2c).</summary>
    public int GrpcPort { get; set; } = 50051;
}
