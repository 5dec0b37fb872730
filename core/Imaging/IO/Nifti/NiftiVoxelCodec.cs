// Voxel data between NIfTI's stored bytes and typed arrays, in chunks so that no second full-size buffer
// is needed: byte order, datatype conversion and scl_slope/scl_inter are applied chunk by chunk.
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PacsSeg.Imaging.IO.Nifti;

internal static class NiftiVoxelCodec
{
    private const int ChunkVoxels = 1 << 18;

    public static NiftiDataType DataTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(byte)) return NiftiDataType.UInt8;
        if (typeof(T) == typeof(sbyte)) return NiftiDataType.Int8;
        if (typeof(T) == typeof(short)) return NiftiDataType.Int16;
        if (typeof(T) == typeof(ushort)) return NiftiDataType.UInt16;
        if (typeof(T) == typeof(int)) return NiftiDataType.Int32;
        if (typeof(T) == typeof(uint)) return NiftiDataType.UInt32;
        if (typeof(T) == typeof(long)) return NiftiDataType.Int64;
        if (typeof(T) == typeof(ulong)) return NiftiDataType.UInt64;
        if (typeof(T) == typeof(float)) return NiftiDataType.Float32;
        if (typeof(T) == typeof(double)) return NiftiDataType.Float64;
        throw new NotSupportedException($"{typeof(T).Name} has no NIfTI datatype.");
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="source"/> positioned at the first voxel.</summary>
    public static void Read<T>(Stream source, NiftiHeader header, T[] destination, bool applyScaling)
        where T : unmanaged, INumber<T>
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("NIfTI I/O assumes a little-endian host.");
        bool scale = applyScaling && header.HasScaling;
        bool direct = !scale && !header.IsBigEndian && header.DataType == DataTypeOf<T>();
        int size = header.BytesPerVoxel;
        byte[]? buffer = direct ? null : new byte[ChunkVoxels * size];
        long done = 0;
        while (done < destination.LongLength)
        {
            int count = (int)Math.Min(ChunkVoxels, destination.LongLength - done);
            var target = destination.AsSpan((int)done, count);
            if (direct)
            {
                ReadExactly(source, MemoryMarshal.AsBytes(target), done * size, destination.LongLength * size);
            }
            else
            {
                var bytes = buffer.AsSpan(0, count * size);
                ReadExactly(source, bytes, done * size, destination.LongLength * size);
                if (header.IsBigEndian)
                    Swap(bytes, size);
                Convert(bytes, header.DataType, target, scale ? header.SclSlope : 1, scale ? header.SclInter : 0, scale);
            }
            done += count;
        }
    }

    /// <summary>Writes the voxels little-endian in their own type.</summary>
    public static void Write<T>(Stream destination, T[] voxels) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("NIfTI I/O assumes a little-endian host.");
        long done = 0;
        while (done < voxels.LongLength)
        {
            int count = (int)Math.Min(ChunkVoxels, voxels.LongLength - done);
            destination.Write(MemoryMarshal.AsBytes(voxels.AsSpan((int)done, count)));
            done += count;
        }
    }

    private static void ReadExactly(Stream source, Span<byte> target, long offset, long total)
    {
        int read = source.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        if (read < target.Length)
            throw new NiftiFormatException($"Truncated NIfTI voxel data: {offset + read} of {total} bytes present.");
    }

    private static void Swap(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2:
                var s = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(s, s);
                break;
            case 4:
                var i = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(i, i);
                break;
            case 8:
                var l = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(l, l);
                break;
        }
    }

    private static void Convert<T>(ReadOnlySpan<byte> bytes, NiftiDataType type, Span<T> target, double slope, double inter, bool scale)
        where T : unmanaged, INumber<T>
    {
        switch (type)
        {
            case NiftiDataType.UInt8: Convert(MemoryMarshal.Cast<byte, byte>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.Int8: Convert(MemoryMarshal.Cast<byte, sbyte>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.Int16: Convert(MemoryMarshal.Cast<byte, short>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.UInt16: Convert(MemoryMarshal.Cast<byte, ushort>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.Int32: Convert(MemoryMarshal.Cast<byte, int>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.UInt32: Convert(MemoryMarshal.Cast<byte, uint>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.Int64: Convert(MemoryMarshal.Cast<byte, long>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.UInt64: Convert(MemoryMarshal.Cast<byte, ulong>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.Float32: Convert(MemoryMarshal.Cast<byte, float>(bytes), target, slope, inter, scale); break;
            case NiftiDataType.Float64: Convert(MemoryMarshal.Cast<byte, double>(bytes), target, slope, inter, scale); break;
            default: throw new NiftiFormatException($"NIfTI datatype {(int)type} is not supported.");
        }
    }

    private static void Convert<TSource, T>(ReadOnlySpan<TSource> source, Span<T> target, double slope, double inter, bool scale)
        where TSource : unmanaged, INumber<TSource>
        where T : unmanaged, INumber<T>
    {
        if (!scale)
        {
            // Saturating keeps out-of-range values at the type's limits instead of wrapping them.
            for (int n = 0; n < target.Length; n++)
                target[n] = T.CreateSaturating(source[n]);
            return;
        }
        bool floating = typeof(T) == typeof(float) || typeof(T) == typeof(double);
        for (int n = 0; n < target.Length; n++)
        {
            double v = double.CreateTruncating(source[n]) * slope + inter;
            target[n] = floating ? T.CreateTruncating(v) : T.CreateSaturating(Math.Round(v));
        }
    }
}
