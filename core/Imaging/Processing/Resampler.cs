// Resampling in patient space: every target voxel centre is mapped through both geometries, so grids
// of any orientation (oblique, flipped, anisotropic) line up as they do in the patient.
using System.Numerics;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.Processing;

public static class Resampler
{
    /// <summary>
    /// A grid over the same region with the given spacing: same direction, same centre, size rounded
    /// from the old extent (at least 1 voxel per axis).
    /// </summary>
    public static VolumeGeometry GeometryWithSpacing(VolumeGeometry source, Vec3 spacing)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0) || !double.IsFinite(spacing.X + spacing.Y + spacing.Z))
            throw new ArgumentException($"Target spacing must be positive and finite, got {spacing}.", nameof(spacing));
        int Size(int n, double from, double to) => (int)Math.Max(1, Math.Round(n * from / to));
        int sx = Size(source.SizeX, source.Spacing.X, spacing.X);
        int sy = Size(source.SizeY, source.Spacing.Y, spacing.Y);
        int sz = Size(source.SizeZ, source.Spacing.Z, spacing.Z);
        var centre = source.IndexToPatient((source.SizeX - 1) / 2.0, (source.SizeY - 1) / 2.0, (source.SizeZ - 1) / 2.0);
        var d = source.Direction;
        var origin = centre
            - d.Column(0) * ((sx - 1) / 2.0 * spacing.X)
            - d.Column(1) * ((sy - 1) / 2.0 * spacing.Y)
            - d.Column(2) * ((sz - 1) / 2.0 * spacing.Z);
        return new VolumeGeometry(sx, sy, sz, origin, spacing, d);
    }

    /// <summary>Trilinear resampling of an image to a new spacing (see <see cref="GeometryWithSpacing"/>).</summary>
    public static Volume<float> LinearToSpacing<T>(Volume<T> source, Vec3 spacing, CancellationToken cancellationToken = default)
        where T : unmanaged, INumber<T> =>
        Linear(source, GeometryWithSpacing(source.Geometry, spacing), 0f, cancellationToken);

    /// <summary>Nearest-neighbour resampling of a label map to a new spacing.</summary>
    public static Volume<T> NearestToSpacing<T>(Volume<T> source, Vec3 spacing, CancellationToken cancellationToken = default)
        where T : unmanaged =>
        Nearest(source, GeometryWithSpacing(source.Geometry, spacing), default, cancellationToken);

    /// <summary>
    /// Trilinear interpolation of <paramref name="source"/> at each voxel centre of <paramref name="target"/>.
    /// Points up to half a voxel beyond the outer source centres take the edge value; points further out get <paramref name="outside"/>.
    /// </summary>
    public static Volume<float> Linear<T>(Volume<T> source, VolumeGeometry target, float outside = 0f, CancellationToken cancellationToken = default)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var result = new float[target.VoxelCount];
        var map = IndexMap.Create(source.Geometry, target);
        var src = source.Voxels;
        int nx = source.SizeX, ny = source.SizeY, nz = source.SizeZ;
        int plane = nx * ny;
        Parallel.For(0, target.SizeZ, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            for (int j = 0; j < target.SizeY; j++)
            {
                var p = map.RowStart(j, k);
                int row = (k * target.SizeY + j) * target.SizeX;
                for (int i = 0; i < target.SizeX; i++, p += map.StepI)
                {
                    if (!Inside(p.X, nx) || !Inside(p.Y, ny) || !Inside(p.Z, nz))
                    {
                        result[row + i] = outside;
                        continue;
                    }
                    double x = Math.Clamp(p.X, 0, nx - 1), y = Math.Clamp(p.Y, 0, ny - 1), z = Math.Clamp(p.Z, 0, nz - 1);
                    int x0 = Math.Min((int)x, nx - 1), y0 = Math.Min((int)y, ny - 1), z0 = Math.Min((int)z, nz - 1);
                    int x1 = Math.Min(x0 + 1, nx - 1), y1 = Math.Min(y0 + 1, ny - 1), z1 = Math.Min(z0 + 1, nz - 1);
                    double fx = x - x0, fy = y - y0, fz = z - z0;
                    int b00 = z0 * plane + y0 * nx, b01 = z0 * plane + y1 * nx, b10 = z1 * plane + y0 * nx, b11 = z1 * plane + y1 * nx;
                    double c00 = Lerp(src[b00 + x0], src[b00 + x1], fx);
                    double c01 = Lerp(src[b01 + x0], src[b01 + x1], fx);
                    double c10 = Lerp(src[b10 + x0], src[b10 + x1], fx);
                    double c11 = Lerp(src[b11 + x0], src[b11 + x1], fx);
                    double c0 = c00 + (c01 - c00) * fy;
                    double c1 = c10 + (c11 - c10) * fy;
                    result[row + i] = (float)(c0 + (c1 - c0) * fz);
                }
            }
        });
        return new Volume<float>(target, result);
    }

    /// <summary>Nearest-neighbour sampling (for label maps: no new label values appear).</summary>
    public static Volume<T> Nearest<T>(Volume<T> source, VolumeGeometry target, T outside = default, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var result = new T[target.VoxelCount];
        var map = IndexMap.Create(source.Geometry, target);
        var src = source.Voxels;
        int nx = source.SizeX, ny = source.SizeY, nz = source.SizeZ;
        Parallel.For(0, target.SizeZ, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            for (int j = 0; j < target.SizeY; j++)
            {
                var p = map.RowStart(j, k);
                int row = (k * target.SizeY + j) * target.SizeX;
                for (int i = 0; i < target.SizeX; i++, p += map.StepI)
                {
                    if (!Inside(p.X, nx) || !Inside(p.Y, ny) || !Inside(p.Z, nz))
                    {
                        result[row + i] = outside;
                        continue;
                    }
                    int x = Math.Clamp((int)Math.Round(p.X, MidpointRounding.AwayFromZero), 0, nx - 1);
                    int y = Math.Clamp((int)Math.Round(p.Y, MidpointRounding.AwayFromZero), 0, ny - 1);
                    int z = Math.Clamp((int)Math.Round(p.Z, MidpointRounding.AwayFromZero), 0, nz - 1);
                    result[row + i] = src[(z * ny + y) * nx + x];
                }
            }
        });
        return new Volume<T>(target, result);
    }

    // Half a voxel beyond the outer centres still belongs to the source's voxels; a hair more absorbs rounding.
    private static bool Inside(double c, int n) => c >= -0.5 - 1e-6 && c <= n - 0.5 + 1e-6;

    private static double Lerp<T>(T a, T b, double f) where T : unmanaged, INumber<T>
    {
        double da = double.CreateTruncating(a);
        return da + (double.CreateTruncating(b) - da) * f;
    }

    /// <summary>Source continuous index as an affine function of the target index.</summary>
    private readonly record struct IndexMap(Vec3 Offset, Vec3 StepI, Vec3 StepJ, Vec3 StepK)
    {
        public static IndexMap Create(VolumeGeometry source, VolumeGeometry target)
        {
            var o = source.PatientToIndex(target.IndexToPatient(0, 0, 0));
            return new IndexMap(o,
                source.PatientToIndex(target.IndexToPatient(1, 0, 0)) - o,
                source.PatientToIndex(target.IndexToPatient(0, 1, 0)) - o,
                source.PatientToIndex(target.IndexToPatient(0, 0, 1)) - o);
        }

        public Vec3 RowStart(int j, int k) => Offset + StepJ * j + StepK * k;
    }
}
