// The bytes of one value: in memory, or a range of a file read only when asked (large pixel data).
namespace PacsSeg.Dicom.IO;

/// <summary>The bytes of a value, little endian, without the element header.</summary>
public abstract class DicomBuffer
{
    /// <summary>The empty value.</summary>
    public static DicomBuffer Empty { get; } = new MemoryDicomBuffer(ReadOnlyMemory<byte>.Empty);

    /// <summary>Length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>True if the bytes are in memory (no I/O to get them).</summary>
    public abstract bool IsInMemory { get; }

    /// <summary>All bytes in memory; a file-backed buffer reads them now (and keeps nothing).</summary>
    /// <exception cref="InvalidOperationException">The value is larger than one managed array can hold.</exception>
    public abstract ReadOnlyMemory<byte> GetMemory();

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting at <paramref name="offset"/>.</summary>
    public abstract void Read(long offset, Span<byte> destination);

    /// <summary>Writes all bytes to a stream in bounded chunks, so huge values never sit in one array.</summary>
    public abstract void CopyTo(Stream destination);

    /// <summary>Writes all bytes to a stream asynchronously, in bounded chunks.</summary>
    public abstract Task CopyToAsync(Stream destination, CancellationToken cancellationToken);
}
