// A value left in its file: only its offset and length are kept, so a 1 GB multi-frame file parses in kilobytes.
using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace PacsSeg.Dicom.IO;

/// <summary>A value that stays a range of a file until read.</summary>
public sealed class FileDicomBuffer : DicomBuffer
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Refers to <paramref name="length"/> bytes at <paramref name="offset"/> of the file.</summary>
    public FileDicomBuffer(string path, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Path = path;
        Offset = offset;
        Length = length;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Where the value starts in the file.</summary>
    public long Offset { get; }

    /// <inheritdoc/>
    public override long Length { get; }

    /// <inheritdoc/>
    public override bool IsInMemory => false;

    /// <inheritdoc/>
    public override ReadOnlyMemory<byte> GetMemory()
    {
        if (Length > Array.MaxLength)
        {
            throw new InvalidOperationException($"The value of {Length} bytes at offset {Offset} of {Path} is too large for one array; read it in parts with Read().");
        }

        var data = GC.AllocateUninitializedArray<byte>((int)Length);
        Read(0, data);
        return data;
    }

    /// <inheritdoc/>
    public override void Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, Length);
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        ReadExactly(handle, Offset + offset, destination);
    }

    /// <inheritdoc/>
    public override void CopyTo(Stream destination)
    {
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkSize, Math.Max(Length, 1)));
        try
        {
            for (long done = 0; done < Length;)
            {
                var n = (int)Math.Min(chunk.Length, Length - done);
                ReadExactly(handle, Offset + done, chunk.AsSpan(0, n));
                destination.Write(chunk, 0, n);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <inheritdoc/>
    public override async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkSize, Math.Max(Length, 1)));
        try
        {
            for (long done = 0; done < Length;)
            {
                var n = (int)Math.Min(chunk.Length, Length - done);
                var read = 0;
                while (read < n)
                {
                    var r = await RandomAccess.ReadAsync(handle, chunk.AsMemory(read, n - read), Offset + done + read, cancellationToken).ConfigureAwait(false);
                    if (r == 0)
                    {
                        throw new EndOfStreamException($"{Path} ended inside a value (offset {Offset + done + read}); was it truncated after it was parsed?");
                    }

                    read += r;
                }

                await destination.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private void ReadExactly(SafeFileHandle handle, long position, Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            var r = RandomAccess.Read(handle, destination, position);
            if (r == 0)
            {
                throw new EndOfStreamException($"{Path} ended inside a value (offset {position}); was it truncated after it was parsed?");
            }

            destination = destination[r..];
            position += r;
        }
    }
}
