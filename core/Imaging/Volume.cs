// A voxel grid with its place in patient space: the one image type shared by the DICOM, NIfTI,
// trainer, plugin and engine code.
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging;

/// <summary>
/// A 3D image of <typeparamref name="T"/> voxels, x (column) fastest, then y (row), then z (slice),
/// with its geometry in patient LPS coordinates.
/// </summary>
public sealed class Volume<T> where T : unmanaged
{
    public Volume(VolumeGeometry geometry)
        : this(geometry, new T[geometry.VoxelCount])
    {
    }

    public Volume(VolumeGeometry geometry, T[] voxels)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(voxels);
        if (voxels.LongLength != geometry.VoxelCount)
            throw new ArgumentException(
                $"Voxel buffer holds {voxels.LongLength} values but the geometry {geometry.SizeX}x{geometry.SizeY}x{geometry.SizeZ} needs {geometry.VoxelCount}.",
                nameof(voxels));
        Geometry = geometry;
        Voxels = voxels;
    }

    public VolumeGeometry Geometry { get; }

    /// <summary>The voxels, index <c>(k * SizeY + j) * SizeX + i</c>.</summary>
    public T[] Voxels { get; }

    public int SizeX => Geometry.SizeX;
    public int SizeY => Geometry.SizeY;
    public int SizeZ => Geometry.SizeZ;

    public ref T this[int i, int j, int k]
    {
        get
        {
            if (!Geometry.Contains(i, j, k))
                throw new IndexOutOfRangeException($"Voxel ({i}, {j}, {k}) is outside {SizeX}x{SizeY}x{SizeZ}.");
            return ref Voxels[Geometry.LinearIndex(i, j, k)];
        }
    }

    /// <summary>One z slice (SizeX * SizeY values) without a copy.</summary>
    public Span<T> Slice(int k)
    {
        if ((uint)k >= (uint)SizeZ)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"slice must be in 0..{SizeZ - 1}");
        int plane = SizeX * SizeY;
        return Voxels.AsSpan(k * plane, plane);
    }

    /// <summary>A new volume with the same geometry and converted voxels.</summary>
    public Volume<TOut> Map<TOut>(Func<T, TOut> convert) where TOut : unmanaged
    {
        var result = new TOut[Voxels.Length];
        for (int n = 0; n < result.Length; n++)
            result[n] = convert(Voxels[n]);
        return new Volume<TOut>(Geometry, result);
    }

    public Volume<T> Clone() => new(Geometry, (T[])Voxels.Clone());
}
