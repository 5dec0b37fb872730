using System.IO.Pipelines;

namespace PacsSeg.Plugin.GrpcApi;

/// <summary>The request side of a streaming call: framed messages read one at a time, each under the size limit.</summary>
public sealed class GrpcMessageReader(PipeReader reader, int maxMessageBytes)
{
    public int MaxMessageBytes { get; } = maxMessageBytes;

    /// <summary>The next message; null once the client has half-closed its side.</summary>
    /// <exception cref="GrpcException">Malformed, compressed or oversized frame.</exception>
    public Task<byte[]?> ReadAsync(CancellationToken cancellationToken) =>
        GrpcFraming.ReadMessageAsync(reader, MaxMessageBytes, cancellationToken);
}
