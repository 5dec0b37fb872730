namespace PacsSeg.Dicom.IO;

/// <summary>A value held in memory (possibly a slice of a larger array, without a copy).</summary>
public sealed class MemoryDicomBuffer : DicomBuffer
{
    private readonly ReadOnlyMemory<byte> _data;

    /// <summary>Wraps the bytes (not copied).</summary>
    public MemoryDicomBuffer(ReadOnlyMemory<byte> data) => _data = data;

    /// <inheritdoc/>
    public override long Length => _data.Length;

    /// <inheritdoc/>
    public override bool IsInMemory => true;

    /// <inheritdoc/>
    public override ReadOnlyMemory<byte> GetMemory() => _data;

    /// <inheritdoc/>
    public override void Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, _data.Length);
        _data.Span.Slice((int)offset, destination.Length).CopyTo(destination);
    }

    /// <inheritdoc/>
    public override void CopyTo(Stream destination) => destination.Write(_data.Span);

    /// <inheritdoc/>
    public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
        => destination.WriteAsync(_data, cancellationToken).AsTask();
}
