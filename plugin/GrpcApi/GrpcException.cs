namespace PacsSeg.Plugin.GrpcApi;

/// <summary>Ends a call with this status and message (sent as grpc-status / grpc-message trailers).</summary>
public sealed class GrpcException(GrpcStatusCode status, string message) : Exception(message)
{
    public GrpcStatusCode Status { get; } = status;
}
