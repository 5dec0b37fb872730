// How the stored pixels of a native (uncompressed) image are laid out, and their conversion to floats.
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Dicom.Imaging;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Imaging.Dicom;

/// <param name="WordSwapped">
/// True for OW Pixel Data of a big-endian file: the parser has already put each 16-bit word in little-endian
/// order, which is right for 16-bit pixels but leaves 8-bit pixels pairwise swapped and 32-bit pixels with
/// their halves exchanged.
/// </param>
internal sealed record DicomPixelLayout(int Rows, int Columns, int BitsAllocated, int BitsStored, bool Signed, bool WordSwapped)
{
    public int FrameBytes => Rows * Columns * (BitsAllocated / 8);

    /// <summary>Reads the pixel module of a dataset; throws for what a volume cannot hold (colour, odd bit depths).</summary>
    public static DicomPixelLayout From(DicomDataset ds, string source)
    {
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
        return new DicomPixelLayout(rows, columns, allocated, stored, signed, WordSwapped: false);
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

    // Hot loops: optimised at first call, since a series is read once and tiering would run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>
    /// A reader for frame <paramref name="frame"/> of compressed Pixel Data, decoded by the codec registry.
    /// Frames of one object are decoded one at a time: the accessor indexes fragments lazily.
    /// </summary>
    public FramePixelReader Reader(DicomPixelData pixelData, int frame) => destination =>
    {
        byte[] bytes;
        lock (pixelData)
        {
            bytes = BitsAllocated switch
            {
                8 => Signed ? MemoryMarshal.AsBytes<sbyte>(pixelData.GetFrame<sbyte>(frame)).ToArray() : pixelData.GetFrame<byte>(frame),
                16 => Signed ? MemoryMarshal.AsBytes<short>(pixelData.GetFrame<short>(frame)).ToArray() : MemoryMarshal.AsBytes<ushort>(pixelData.GetFrame<ushort>(frame)).ToArray(),
                _ => Signed ? MemoryMarshal.AsBytes<int>(pixelData.GetFrame<int>(frame)).ToArray() : MemoryMarshal.AsBytes<uint>(pixelData.GetFrame<uint>(frame)).ToArray(),
            };
        }
        // GetFrame already extended the sign above Bits Stored, so the layout converts without shifting.
        (this with { BitsStored = BitsAllocated, WordSwapped = false }).Convert(bytes, destination);
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
                    int v = raw[WordSwapped && (n ^ 1) < count ? n ^ 1 : n];
                    destination[n] = Signed ? (sbyte)(v << shift) >> shift : v & (0xFF >> shift);
                }
                break;
            case 16:
                var u16 = MemoryMarshal.Cast<byte, ushort>(raw);
                if (shift == 0)
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
                    ushort v = u16[n];
                    destination[n] = Signed ? (short)(v << shift) >> shift : v & (0xFFFF >> shift);
                }
                break;
            default:
                var u32 = MemoryMarshal.Cast<byte, uint>(raw);
                for (int n = 0; n < count; n++)
                {
                    uint v = WordSwapped ? BitOperations.RotateLeft(u32[n], 16) : u32[n];
                    destination[n] = Signed ? (int)(v << shift) >> shift : (v << shift) >> shift;
                }
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<short> source, Span<float> destination)
    {
        for (int n = 0; n < source.Length; n++)
            destination[n] = source[n];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (int n = 0; n < source.Length; n++)
            destination[n] = source[n];
    }
}
