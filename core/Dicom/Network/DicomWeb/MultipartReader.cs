// Streaming multipart reader (RFC 2046) with a fixed buffer: part bodies are handed out as streams that end
// at the next delimiter, so WADO-RS series of any size are read with bounded memory.
using System.Text;

namespace PacsSeg.Dicom.Network.DicomWeb;

public sealed class MultipartReader
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _input;
    private readonly byte[] _delimiter;
    private readonly byte[] _buf = new byte[BufferSize];
    private readonly int _maxHeaderBytes;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _finished;
    private bool _started;
    private PartStream? _current;

    public MultipartReader(Stream input, string boundary, int maxHeaderBytes = 16 * 1024)
    {
        MultipartWriter.ValidateBoundary(boundary);
        _input = input;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _maxHeaderBytes = maxHeaderBytes;
        // The first delimiter may start the body without a preceding CRLF: pretend there was one.
        _buf[0] = (byte)'\r';
        _buf[1] = (byte)'\n';
        _end = 2;
    }

    /// <summary>The boundary parameter of a multipart Content-Type header value.</summary>
    public static string GetBoundary(string contentType)
    {
        foreach (var p in contentType.Split(';').Skip(1))
        {
            var kv = p.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase))
                return kv[1].Trim().Trim('"');
        }
        throw new InvalidDataException($"No boundary in content type '{contentType}'.");
    }

    /// <summary>The next part, or null after the closing delimiter. Reading it ends the previous part's body.</summary>
    public async Task<MultipartPart?> ReadNextPartAsync(CancellationToken cancellationToken)
    {
        if (_finished)
            return null;
        if (_current is not null)
        {
            await _current.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            _current = null;
        }
        else if (!_started)
        {
            // Skip the preamble up to and including the first delimiter.
            var skip = new PartStream(this);
            await skip.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        _started = true;
        await FillAsync(2, cancellationToken).ConfigureAwait(false);
        if (_end - _start >= 2 && _buf[_start] == '-' && _buf[_start + 1] == '-')
        {
            _finished = true;
            return null;
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // Rest of the delimiter line (transport padding), then header lines until an empty line.
        await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        int headerBytes = 0;
        while (true)
        {
            string line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            headerBytes += line.Length + 2;
            if (headerBytes > _maxHeaderBytes)
                throw new InvalidDataException("Multipart part headers exceed the limit.");
            if (line.Length == 0)
                break;
            int colon = line.IndexOf(':');
            if (colon <= 0)
                throw new InvalidDataException($"Malformed multipart header line '{line}'.");
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        _current = new PartStream(this);
        return new MultipartPart(headers, _current);
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync(1, ct).ConfigureAwait(false);
                if (_start == _end)
                    throw new InvalidDataException("Multipart body ended inside part headers.");
            }
            byte b = _buf[_start++];
            if (b == '\n')
                return sb.ToString().TrimEnd('\r');
            if (sb.Length > _maxHeaderBytes)
                throw new InvalidDataException("Multipart header line too long.");
            sb.Append((char)b);
        }
    }

    /// <summary>Ensures at least <paramref name="min"/> bytes are buffered, unless the input ends first.</summary>
    private async Task FillAsync(int min, CancellationToken ct)
    {
        if (_end - _start >= min || _eof)
            return;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        while (_end < min && !_eof)
        {
            int n = await _input.ReadAsync(_buf.AsMemory(_end), ct).ConfigureAwait(false);
            if (n == 0)
                _eof = true;
            _end += n;
        }
    }

    private sealed class PartStream : Stream
    {
        private readonly MultipartReader _r;
        private bool _done;

        public PartStream(MultipartReader reader) => _r = reader;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("Multipart bodies are read asynchronously.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_done || buffer.Length == 0)
                return 0;
            var r = _r;
            int dl = r._delimiter.Length;
            await r.FillAsync(dl, cancellationToken).ConfigureAwait(false);
            int available = r._end - r._start;
            int idx = r._buf.AsSpan(r._start, available).IndexOf(r._delimiter);
            int safe;
            if (idx >= 0)
                safe = idx;
            else if (r._eof)
                throw new InvalidDataException("Multipart body ended without its closing delimiter.");
            else
                safe = available - (dl - 1);
            if (safe == 0 && idx == 0)
            {
                r._start += dl;
                _done = true;
                return 0;
            }
            int n = Math.Min(safe, buffer.Length);
            r._buf.AsSpan(r._start, n).CopyTo(buffer.Span);
            r._start += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
