namespace PacsSeg.Plugin.GrpcApi;

/// <summary>A method with streamed requests and/or replies ("/pacsseg.v1.PacsSeg/Segment"). It reads and writes
/// framed messages itself; the dispatcher handles credentials, the deadline and the closing status.</summary>
public interface IGrpcStreamingMethod
{
    string Path { get; }

    Task InvokeAsync(GrpcMessageReader requests, GrpcMessageWriter replies, GrpcCallContext context);
}
