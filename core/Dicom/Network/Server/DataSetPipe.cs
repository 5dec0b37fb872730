// Hands data-set fragments from the association's read loop to a C-STORE handler. Bounded, so a handler
// that writes slower than the network arrives makes the reader wait instead of buffering the instance.
using System.Buffers;
using System.Threading.Channels;

namespace PacsSeg.Dicom.Network.Server;

internal sealed class DataSetPipe
{
    private readonly Channel<(byte[] Buffer, int Length)> _channel =
        Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });

    public DataSetPipe() => Reader = new PipeReaderStream(this);

    public Stream Reader { get; }

    public long BytesWritten { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (data.Length == 0)
            return;
        var buf = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buf);
        try
        {
            await _channel.Writer.WriteAsync((buf, data.Length), ct).ConfigureAwait(false);
            BytesWritten += data.Length;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buf);
            throw;
        }
    }

    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

    /// <summary>Returns the buffers nobody will read (handler finished early or failed).</summary>
    public void Drain()
    {
        while (_channel.Reader.TryRead(out var item))
            ArrayPool<byte>.Shared.Return(item.Buffer);
    }

    private sealed class PipeReaderStream : Stream
    {
        private readonly DataSetPipe _pipe;
        private byte[]? _current;
        private int _length, _pos;

        public PipeReaderStream(DataSetPipe pipe) => _pipe = pipe;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("The C-STORE data set stream is asynchronous: use ReadAsync or CopyToAsync.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0)
                return 0;
            while (_current is null || _pos == _length)
            {
                if (_current is not null)
                {
                    ArrayPool<byte>.Shared.Return(_current);
                    _current = null;
                }
                try
                {
                    if (!await _pipe._channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                        return 0;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new IOException("The association ended before the data set was complete.", e);
                }
                if (_pipe._channel.Reader.TryRead(out var item))
                {
                    (_current, _length, _pos) = (item.Buffer, item.Length, 0);
                }
            }
            int n = Math.Min(buffer.Length, _length - _pos);
            _current.AsSpan(_pos, n).CopyTo(buffer.Span);
            _pos += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (_current is not null)
            {
                ArrayPool<byte>.Shared.Return(_current);
                _current = null;
            }
            base.Dispose(disposing);
        }
    }
}
