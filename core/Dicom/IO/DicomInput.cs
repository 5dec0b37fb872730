// Buffered reading with an absolute position, bounds known when the stream has a length, and checks before allocation.
namespace PacsSeg.Dicom.IO;

internal sealed class DicomInput
{
    private const int BufferSize = 64 * 1024;

    // Reading a value of unknown length bound (non-seekable stream) grows in steps of this size,
    // so a lying length field costs at most one step of memory before the stream ends.
    private const int GrowStep = 4 << 20;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferPosition;

    /// <param name="stream">The source, read from its current position.</param>
    /// <param name="end">Absolute position where the data ends, when known.</param>
    /// <param name="filePath">The file, when values may stay in it.</param>
    /// <param name="basePosition">Absolute position of the stream's current byte.</param>
    public DicomInput(Stream stream, long? end, string? filePath, long basePosition = 0)
    {
        _stream = stream;
        _buffer = new byte[BufferSize];
        Length = end;
        FilePath = filePath;
        _bufferPosition = basePosition;
    }

    /// <summary>Absolute position of the next byte.</summary>
    public long Position => _bufferPosition + _start;

    /// <summary>Absolute end position when known (files, memory streams); null for network streams.</summary>
    public long? Length { get; }

    /// <summary>The file being read, when values may stay in it.</summary>
    public string? FilePath { get; }

    public long? Remaining => Length - Position;

    /// <summary>True at the end of the data.</summary>
    public bool AtEnd => !Ensure(1);

    /// <summary>Makes at least <paramref name="n"/> (at most the buffer size) bytes available; false if the stream ends first.</summary>
    public bool Ensure(int n)
    {
        if (_end - _start >= n)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferPosition += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end < n)
        {
            var r = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (r == 0)
            {
                return false;
            }

            _end += r;
        }

        return true;
    }

    public ReadOnlySpan<byte> Peek(int n) => _buffer.AsSpan(_start, n);

    public void Advance(int n) => _start += n;

    public ushort ReadUInt16(bool littleEndian, DicomTag? tag)
    {
        Require(2, tag);
        var s = _buffer.AsSpan(_start, 2);
        _start += 2;
        return littleEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(s) : System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(s);
    }

    public uint ReadUInt32(bool littleEndian, DicomTag? tag)
    {
        Require(4, tag);
        var s = _buffer.AsSpan(_start, 4);
        _start += 4;
        return littleEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(s) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(s);
    }

    public void Require(int n, DicomTag? tag)
    {
        if (!Ensure(n))
        {
            throw new DicomParseException($"Data ended: {n} more bytes were needed", Position, tag);
        }
    }

    /// <summary>Reads <paramref name="length"/> bytes into a new array, checking first that the data can hold them.</summary>
    public byte[] ReadBytes(long length, long limit, DicomTag? tag)
    {
        if (length > limit - Position || (Remaining is { } rem && length > rem))
        {
            throw new DicomParseException($"Value length {length} runs past the end of the data or of its container", Position, tag);
        }

        if (length > Array.MaxLength)
        {
            throw new DicomParseException($"Value length {length} is larger than one array can hold; read the file with a path so it stays on disk", Position, tag);
        }

        var n = (int)length;
        if (Length is null && n > GrowStep)
        {
            return ReadGrowing(n, tag);
        }

        var result = GC.AllocateUninitializedArray<byte>(n);
        ReadInto(result, tag);
        return result;
    }

    /// <summary>Skips bytes (seeks when it can).</summary>
    public void Skip(long length, DicomTag? tag)
    {
        var inBuffer = Math.Min(length, _end - _start);
        _start += (int)inBuffer;
        length -= inBuffer;
        if (length == 0)
        {
            return;
        }

        if (_stream.CanSeek)
        {
            _bufferPosition = _bufferPosition + _end + length;
            _start = _end = 0;
            _stream.Seek(length, SeekOrigin.Current);
            return;
        }

        while (length > 0)
        {
            var r = _stream.Read(_buffer, 0, (int)Math.Min(_buffer.Length, length));
            if (r == 0)
            {
                throw new DicomParseException("Data ended inside a value", Position, tag);
            }

            _bufferPosition += r;
            length -= r;
        }

        _bufferPosition += _end;
        _start = _end = 0;
    }

    /// <summary>Drops the bytes already buffered (trailing garbage).</summary>
    public void DiscardBuffered() => _start = _end;

    /// <summary>The rest of the stream (for inflating a deflated dataset).</summary>
    public Stream RemainderStream()
    {
        var buffered = new MemoryStream(_buffer, _start, _end - _start, writable: false);
        _start = _end;
        return new ConcatenatedStream(buffered, _stream);
    }

    private void ReadInto(Span<byte> destination, DicomTag? tag)
    {
        var fromBuffer = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, fromBuffer).CopyTo(destination);
        _start += fromBuffer;
        destination = destination[fromBuffer..];
        while (destination.Length > 0)
        {
            var r = _stream.Read(destination);
            if (r == 0)
            {
                throw new DicomParseException($"Data ended inside a value ({destination.Length} bytes missing)", Position, tag);
            }

            _bufferPosition += r;
            destination = destination[r..];
        }
    }

    private byte[] ReadGrowing(int n, DicomTag? tag)
    {
        var result = new byte[GrowStep];
        var done = 0;
        while (done < n)
        {
            if (done == result.Length)
            {
                Array.Resize(ref result, (int)Math.Min(n, (long)result.Length * 2));
            }

            var step = Math.Min(result.Length, n) - done;
            ReadInto(result.AsSpan(done, step), tag);
            done += step;
        }

        return result;
    }
}
