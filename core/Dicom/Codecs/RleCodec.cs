// RLE Lossless (PS3.5 annex G): a 64-byte header of segment offsets, one PackBits segment per byte plane,
// most significant byte plane of each sample first.
using System.Buffers.Binary;
using PacsSeg.Dicom.Imaging;

namespace PacsSeg.Dicom.Codecs;

/// <summary>Decodes RLE Lossless frames.</summary>
public sealed class RleCodec : IDicomCodec
{
    /// <inheritdoc/>
    public DicomTransferSyntax TransferSyntax => DicomTransferSyntax.RLELossless;

    /// <inheritdoc/>
    public void Decode(DicomFrameInfo info, IReadOnlyList<ReadOnlyMemory<byte>> fragments, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(fragments);
        var data = fragments.Count == 1 ? fragments[0].Span : Concat(fragments);
        if (data.Length < 64)
        {
            throw new DicomCodecException($"RLE frame of {data.Length} bytes is shorter than its 64-byte header.");
        }

        var bytesPerSample = info.BytesPerSample;
        var segmentsExpected = bytesPerSample * info.SamplesPerPixel;
        var segments = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (segments != segmentsExpected || segments > 15)
        {
            throw new DicomCodecException($"RLE header has {segments} segments; {segmentsExpected} were expected for {info.SamplesPerPixel} samples of {info.BitsAllocated} bits.");
        }

        var pixels = checked((int)info.PixelCount);
        if (destination.Length < (long)pixels * segmentsExpected)
        {
            throw new ArgumentException("Destination is smaller than one frame.", nameof(destination));
        }

        var plane = new byte[pixels];
        for (var seg = 0; seg < segments; seg++)
        {
            var start = BinaryPrimitives.ReadUInt32LittleEndian(data[(4 + (4 * seg))..]);
            var end = seg + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(data[(8 + (4 * seg))..]) : (uint)data.Length;
            if (start < 64 || start > end || end > data.Length)
            {
                throw new DicomCodecException($"RLE segment {seg} offsets {start}-{end} lie outside the {data.Length}-byte frame.");
            }

            UnpackBits(data[(int)start..(int)end], plane, seg);
            var sample = seg / bytesPerSample;
            var byteInSample = bytesPerSample - 1 - (seg % bytesPerSample); // little endian position
            var stride = bytesPerSample * info.SamplesPerPixel;
            var offset = (sample * bytesPerSample) + byteInSample;
            for (var p = 0; p < pixels; p++)
            {
                destination[(p * stride) + offset] = plane[p];
            }
        }
    }

    private static void UnpackBits(ReadOnlySpan<byte> src, Span<byte> dst, int segment)
    {
        var o = 0;
        var i = 0;
        while (o < dst.Length && i < src.Length)
        {
            var n = (sbyte)src[i++];
            if (n >= 0)
            {
                var count = n + 1;
                if (i + count > src.Length || o + count > dst.Length)
                {
                    throw new DicomCodecException($"RLE segment {segment}: a literal run goes past the end of the data.");
                }

                src.Slice(i, count).CopyTo(dst[o..]);
                i += count;
                o += count;
            }
            else if (n != -128)
            {
                var count = 1 - n;
                if (i >= src.Length || o + count > dst.Length)
                {
                    throw new DicomCodecException($"RLE segment {segment}: a repeat run goes past the end of the data.");
                }

                dst.Slice(o, count).Fill(src[i++]);
                o += count;
            }
        }

        if (o < dst.Length)
        {
            throw new DicomCodecException($"RLE segment {segment} decodes to {o} bytes; {dst.Length} were expected.");
        }
    }

    private static ReadOnlySpan<byte> Concat(IReadOnlyList<ReadOnlyMemory<byte>> fragments)
    {
        var all = new byte[fragments.Sum(f => (long)f.Length)];
        var o = 0;
        foreach (var f in fragments)
        {
            f.Span.CopyTo(all.AsSpan(o));
            o += f.Length;
        }

        return all;
    }
}
