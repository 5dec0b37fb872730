using System.IO.Pipelines;
using Google.Protobuf;

namespace PacsSeg.Plugin.GrpcApi;

/// <summary>The response side of a streaming call. Writes are serialized, so progress reported from a worker
/// thread and the final result never interleave inside a frame.</summary>
public sealed class GrpcMessageWriter(PipeWriter writer) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public int MessagesWritten { get; private set; }

    public async Task WriteAsync(IMessage message, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await GrpcFraming.WriteMessageAsync(writer, message, cancellationToken).ConfigureAwait(false);
            MessagesWritten++;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
