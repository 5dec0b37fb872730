// Writes volumes as single-file NIfTI-1 or NIfTI-2 (.nii or .nii.gz), little-endian, with the sform
// (exact affine) and, when the direction is a rotation, the qform too.
using System.IO.Compression;
using System.Numerics;

namespace PacsSeg.Imaging.IO.Nifti;

public static class NiftiWriter
{
    /// <summary>
    /// Writes <paramref name="volume"/> to <paramref name="path"/> (gzip when it ends with .gz, unless the options say).
    /// The file appears complete or not at all: it is written beside the target and renamed.
    /// </summary>
    public static void Write<T>(string path, Volume<T> volume, NiftiWriteOptions? options = null)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= NiftiWriteOptions.Default;
        bool compress = options.Compress ?? path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(file, volume, options with { Compress = compress });
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes to a stream; gzip only when <see cref="NiftiWriteOptions.Compress"/> is true.</summary>
    public static void Write<T>(Stream output, Volume<T> volume, NiftiWriteOptions? options = null)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(volume);
        options ??= NiftiWriteOptions.Default;
        var header = CreateHeader(volume, options);
        if (options.Compress == true)
        {
            using var gz = new GZipStream(output, options.CompressionLevel, leaveOpen: true);
            WriteBody(gz, header, volume.Voxels);
        }
        else
        {
            WriteBody(output, header, volume.Voxels);
        }
    }

    /// <summary>The datatype a volume of <typeparamref name="T"/> is written with.</summary>
    public static NiftiDataType DataTypeOf<T>() where T : unmanaged => NiftiVoxelCodec.DataTypeOf<T>();

    private static void WriteBody<T>(Stream output, NiftiHeader header, T[] voxels) where T : unmanaged
    {
        output.Write(header.ToBytes());
        NiftiVoxelCodec.Write(output, voxels);
    }

    /// <summary>The header a volume is written with (also useful to inspect what a write would store).</summary>
    public static NiftiHeader CreateHeader<T>(Volume<T> volume, NiftiWriteOptions? options = null)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        options ??= NiftiWriteOptions.Default;
        var g = volume.Geometry;
        bool fitsNifti1 = g.SizeX <= short.MaxValue && g.SizeY <= short.MaxValue && g.SizeZ <= short.MaxValue;
        int version = options.Version ?? (fitsNifti1 ? 1 : 2);
        if (version is not (1 or 2))
            throw new ArgumentException($"NIfTI version must be 1 or 2, got {version}.", nameof(options));
        if (version == 1 && !fitsNifti1)
            throw new ArgumentException($"A {g.SizeX}x{g.SizeY}x{g.SizeZ} volume does not fit NIfTI-1 (32767 per axis); write NIfTI-2.", nameof(options));
        if (!double.IsFinite(options.ScaleSlope) || !double.IsFinite(options.ScaleIntercept))
            throw new ArgumentException("Scale slope and intercept must be finite.", nameof(options));

        if (options.FormCode is < 1 or > 4)
            throw new ArgumentException($"FormCode must be 1..4 (NIfTI xform codes), got {options.FormCode}.", nameof(options));
        var type = NiftiVoxelCodec.DataTypeOf<T>();
        var quaternion = NiftiAffine.ToQuaternion(g);
        var q = quaternion ?? new NiftiAffine.Quaternion(0, 0, 0, 1);
        int headerSize = version == 1 ? NiftiHeader.Nifti1Size : NiftiHeader.Nifti2Size;
        return new NiftiHeader
        {
            Version = version,
            Dim = [3, g.SizeX, g.SizeY, g.SizeZ, 1, 1, 1, 1],
            PixDim = [q.Qfac, g.Spacing.X, g.Spacing.Y, g.Spacing.Z, 1, 1, 1, 1],
            DataType = type,
            BitPix = NiftiHeader.BytesOf(type) * 8,
            VoxOffset = headerSize + 4,
            SclSlope = options.ScaleSlope,
            SclInter = options.ScaleIntercept,
            QformCode = quaternion is null ? 0 : options.FormCode,
            SformCode = options.FormCode,
            QuaternB = q.B,
            QuaternC = q.C,
            QuaternD = q.D,
            QOffset = new Geometry.Vec3(-g.Origin.X, -g.Origin.Y, g.Origin.Z),
            SRow = NiftiAffine.SformRows(g),
            XyztUnits = 2 | 8, // millimetres, seconds
            Description = options.Description,
        };
    }
}
