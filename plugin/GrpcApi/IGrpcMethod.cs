using Google.Protobuf;

namespace PacsSeg.Plugin.GrpcApi;

/// <summary>One unary method: its full path ("/pacsseg.v1.PacsSeg/GetJob") and its handler on raw request bytes.</summary>
public interface IGrpcMethod
{
    string Path { get; }

    /// <summary>Parses the request (InvalidArgument when malformed) and produces the reply.</summary>
    Task<IMessage> InvokeAsync(byte[] request, GrpcCallContext context);
}
