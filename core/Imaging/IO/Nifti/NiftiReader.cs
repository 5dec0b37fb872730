// Reads NIfTI-1 and NIfTI-2 images (.nii, .nii.gz, .hdr/.img pairs, either byte order) into volumes
// placed in patient LPS space.
using System.IO.Compression;
using System.Numerics;

namespace PacsSeg.Imaging.IO.Nifti;

public static class NiftiReader
{
    // Deflate cannot compress better than about 1032:1, which bounds what a gzip file can hold.
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads only the header.</summary>
    public static NiftiHeader ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        using var stream = Decompressed(file, out _);
        return ReadHeader(stream);
    }

    /// <summary>
    /// Reads one 3D frame (0 for a plain 3D image) as <typeparamref name="T"/>. With <paramref name="applyScaling"/>
    /// the values are scl_slope * stored + scl_inter (rounded for integer types); without, the stored values.
    /// </summary>
    public static Volume<T> ReadVolume<T>(string path, int frame = 0, bool applyScaling = true)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        using var stream = Decompressed(file, out bool compressed);
        var header = ReadHeader(stream);
        if (header.IsSingleFile)
            return ReadData<T>(stream, file.Length, compressed, header, frame, applyScaling);

        string imagePath = PairedImagePath(path);
        using var imageFile = File.OpenRead(imagePath);
        using var imageStream = Decompressed(imageFile, out bool imageCompressed);
        return ReadData<T>(imageStream, imageFile.Length, imageCompressed, header, frame, applyScaling);
    }

    /// <summary>Reads a single-file NIfTI (n+1 / n+2) from a stream, gzip-compressed or not.</summary>
    public static Volume<T> ReadVolume<T>(Stream input, int frame = 0, bool applyScaling = true)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        long? length = input.CanSeek ? input.Length - input.Position : null;
        var stream = Decompressed(input, out bool compressed, leaveOpen: true);
        try
        {
            var header = ReadHeader(stream);
            if (!header.IsSingleFile)
                throw new NiftiFormatException("Header of a .hdr/.img pair given as a stream; read the pair by path.");
            return ReadData<T>(stream, length, compressed, header, frame, applyScaling);
        }
        finally
        {
            if (!ReferenceEquals(stream, input))
                stream.Dispose();
        }
    }

    private static NiftiHeader ReadHeader(Stream stream)
    {
        var bytes = new byte[NiftiHeader.Nifti2Size];
        int got = stream.ReadAtLeast(bytes.AsSpan(0, 4), 4, throwOnEndOfStream: false);
        if (got < 4)
            throw new NiftiFormatException($"File too short for a NIfTI header ({got} bytes).");
        var first = NiftiHeaderSize(bytes);
        got += stream.ReadAtLeast(bytes.AsSpan(got, first - got), first - got, throwOnEndOfStream: false);
        return NiftiHeader.Parse(bytes.AsSpan(0, got));
    }

    private static int NiftiHeaderSize(byte[] bytes)
    {
        int le = BitConverter.ToInt32(bytes, 0);
        int be = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(le);
        // Anything else is rejected by NiftiHeader.Parse with the full message.
        return le == NiftiHeader.Nifti2Size || be == NiftiHeader.Nifti2Size ? NiftiHeader.Nifti2Size : NiftiHeader.Nifti1Size;
    }

    private static Volume<T> ReadData<T>(Stream stream, long? storedLength, bool compressed, NiftiHeader header, int frame, bool applyScaling)
        where T : unmanaged, INumber<T>
    {
        // A single file's stream sits just after sizeof_hdr bytes; a pair's .img stream at its start.
        long position = header.IsSingleFile ? (header.Version == 1 ? NiftiHeader.Nifti1Size : NiftiHeader.Nifti2Size) : 0;
        if (frame < 0 || frame >= header.Frames)
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"the image has {header.Frames} frame(s)");
        var geometry = header.GetGeometry();
        long frameBytes = geometry.VoxelCount * header.BytesPerVoxel;
        long start = header.DataOffset + frame * frameBytes;
        long needed = start + frameBytes;
        if (storedLength is long length)
        {
            long capacity = compressed ? length * MaxDeflateRatio : length;
            if (needed > capacity)
                throw new NiftiFormatException(compressed
                    ? $"Header asks for {needed} bytes but a {length}-byte gzip file cannot hold more than {capacity}."
                    : $"Truncated NIfTI file: header needs {needed} bytes (data at {header.DataOffset}, frame {frame}), the file has {length}.");
        }
        Skip(stream, start - position);
        var voxels = new T[geometry.VoxelCount];
        NiftiVoxelCodec.Read(stream, header, voxels, applyScaling);
        return new Volume<T>(geometry, voxels);
    }

    private static void Skip(Stream stream, long count)
    {
        if (count <= 0)
            return;
        if (stream.CanSeek)
        {
            if (stream.Position + count > stream.Length)
                throw new NiftiFormatException("Truncated NIfTI file: vox_offset lies beyond the end of the file.");
            stream.Seek(count, SeekOrigin.Current);
            return;
        }
        var buffer = new byte[(int)Math.Min(count, 81920)];
        while (count > 0)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(count, buffer.Length));
            if (read == 0)
                throw new NiftiFormatException("Truncated NIfTI file: vox_offset lies beyond the end of the file.");
            count -= read;
        }
    }

    /// <summary>The stream itself, or a gzip reader over it when it starts with the gzip magic.</summary>
    private static Stream Decompressed(Stream input, out bool compressed, bool leaveOpen = false)
    {
        var magic = new byte[2];
        int n = input.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        compressed = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        Stream rewound;
        if (input.CanSeek)
        {
            input.Seek(-n, SeekOrigin.Current);
            rewound = input;
        }
        else
        {
            rewound = new PrefixedStream(magic.AsSpan(0, n).ToArray(), input, leaveOpen);
            leaveOpen = false;
        }
        return compressed ? new GZipStream(rewound, CompressionMode.Decompress, leaveOpen) : rewound;
    }

    private static string PairedImagePath(string headerPath)
    {
        foreach (var (hdr, img) in new[] { (".hdr.gz", ".img.gz"), (".hdr", ".img"), (".HDR", ".IMG") })
        {
            if (headerPath.EndsWith(hdr, StringComparison.Ordinal))
                return headerPath[..^hdr.Length] + img;
        }
        throw new NiftiFormatException($"Header '{Path.GetFileName(headerPath)}' has magic ni1/ni2 (a .hdr/.img pair) but is not named .hdr.");
    }
}
