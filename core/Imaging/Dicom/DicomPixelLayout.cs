// How the stored pixels of a native (uncompressed) image are laid out, and their conversion to floats.
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Imaging.Dicom;

internal sealed record DicomPixelLayout(int Rows, int Columns, int BitsAllocated, int BitsStored, bool Signed, bool BigEndian)
{
    public int FrameBytes => Rows * Columns * (BitsAllocated / 8);

    /// <summary>Reads the pixel module of a dataset; throws for what a volume cannot hold (colour, compression, odd bit depths).</summary>
    public static DicomPixelLayout From(DicomDataset ds, DicomTransferSyntax syntax, string source)
    {
        if (syntax.IsEncapsulated)
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData,
                $"{source} uses the compressed transfer syntax {syntax}; no codec for it is available to series assembly.");
        int samples = ds.GetInt32OrDefault(DicomTags.SamplesPerPixel, 1);
        if (samples != 1)
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData, $"{source} has {samples} samples per pixel; a volume needs grayscale.");
        int rows = ds.GetInt32OrDefault(DicomTags.Rows, 0), columns = ds.GetInt32OrDefault(DicomTags.Columns, 0);
        if (rows <= 0 || columns <= 0 || rows > 65535 || columns > 65535)
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData, $"{source} has {rows} rows and {columns} columns.");
        int allocated = ds.GetInt32OrDefault(DicomTags.BitsAllocated, 0);
        if (allocated is not (8 or 16 or 32))
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData, $"{source} has Bits Allocated {allocated}; 8, 16 or 32 are supported.");
        int stored = ds.GetInt32OrDefault(DicomTags.BitsStored, allocated);
        if (stored < 1 || stored > allocated)
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData, $"{source} has Bits Stored {stored} with Bits Allocated {allocated}.");
        bool signed = ds.GetInt32OrDefault(DicomTags.PixelRepresentation, 0) == 1;
        return new DicomPixelLayout(rows, columns, allocated, stored, signed, !syntax.IsLittleEndian);
    }

    /// <summary>A reader for frame <paramref name="frame"/> of a Pixel Data value (checked to hold all frames beforehand).</summary>
    public FramePixelReader Reader(DicomBuffer pixelData, int frame) => destination =>
    {
        int bytes = FrameBytes;
        long offset = (long)frame * bytes;
        if (pixelData.IsInMemory)
        {
            Convert(pixelData.GetMemory().Span.Slice((int)offset, bytes), destination);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            pixelData.Read(offset, rented.AsSpan(0, bytes));
            Convert(rented.AsSpan(0, bytes), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    };

    private void Convert(ReadOnlySpan<byte> raw, Span<float> destination)
    {
        int count = Rows * Columns;
        if (destination.Length != count)
            throw new ArgumentException($"Destination holds {destination.Length} pixels, the frame {count}.");
        int shift = BitsAllocated - BitsStored;
        switch (BitsAllocated)
        {
            case 8:
                for (int n = 0; n < count; n++)
                {
                    int v = raw[n];
                    destination[n] = Signed ? (sbyte)(v << shift) >> shift : v & (0xFF >> shift);
                }
                break;
            case 16:
                var u16 = MemoryMarshal.Cast<byte, ushort>(raw);
                if (!BigEndian && shift == 0)
                {
                    // The common CT/MR case: a straight widening conversion, vectorised by the runtime.
                    if (Signed)
                        Widen(MemoryMarshal.Cast<byte, short>(raw), destination);
                    else
                        Widen(u16, destination);
                    break;
                }
                for (int n = 0; n < count; n++)
                {
                    ushort v = BigEndian ? BinaryPrimitives.ReverseEndianness(u16[n]) : u16[n];
                    destination[n] = Signed ? (short)(v << shift) >> shift : v & (0xFFFF >> shift);
                }
                break;
            default:
                var u32 = MemoryMarshal.Cast<byte, uint>(raw);
                for (int n = 0; n < count; n++)
                {
                    uint v = BigEndian ? BinaryPrimitives.ReverseEndianness(u32[n]) : u32[n];
                    destination[n] = Signed ? (int)(v << shift) >> shift : (v << shift) >> shift;
                }
                break;
        }
    }

    private static void Widen(ReadOnlySpan<short> source, Span<float> destination)
    {
        for (int n = 0; n < source.Length; n++)
            destination[n] = source[n];
    }

    private static void Widen(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (int n = 0; n < source.Length; n++)
            destination[n] = source[n];
    }
}
