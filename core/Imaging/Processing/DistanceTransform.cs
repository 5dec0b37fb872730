// Exact Euclidean distance transforms (Felzenszwalb & Huttenlocher's separable lower envelope of
// parabolas), with anisotropic spacing. Metrics (HD95, ASD) and the signed distance maps of the
// trainer depend on these values being exact, not approximated by a chamfer mask.
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.Processing;

/// <summary>Units of a distance map: voxel steps (spacing 1 on every axis) or millimetres.</summary>
public enum DistanceUnit
{
    Voxels,
    Millimetres,
}

/// <summary>
/// Exact Euclidean distance transforms on x-fastest grids (the layout of <see cref="Volume{T}"/>).
/// </summary>
public static partial class DistanceTransform
{
    /// <summary>
    /// Squared distance from every voxel to the nearest voxel where <paramref name="sites"/> is true,
    /// with <paramref name="spacing"/> the distance between voxel centres along x, y and z.
    /// Voxels of a grid without any site get <see cref="double.PositiveInfinity"/>.
    /// </summary>
    public static double[] SquaredDistanceToNearest(ReadOnlySpan<bool> sites, int sizeX, int sizeY, int sizeZ, Vec3 spacing)
    {
        CheckGrid(sites.Length, sizeX, sizeY, sizeZ, spacing);
        var squared = new double[sites.Length];
        for (int n = 0; n < squared.Length; n++)
            squared[n] = sites[n] ? 0 : double.PositiveInfinity;
        SquaredDistanceInPlace(squared, sizeX, sizeY, sizeZ, spacing);
        return squared;
    }

    /// <summary>
    /// Turns a map holding 0 at sites and +infinity elsewhere into squared distances to the nearest site,
    /// one axis after the other (the squared distance separates into a sum over axes).
    /// </summary>
    public static void SquaredDistanceInPlace(Span<double> squared, int sizeX, int sizeY, int sizeZ, Vec3 spacing)
    {
        CheckGrid(squared.Length, sizeX, sizeY, sizeZ, spacing);
        int longest = Math.Max(sizeX, Math.Max(sizeY, sizeZ));
        var line = new double[longest];
        var result = new double[longest];
        var envelope = new Envelope(longest);

        if (sizeX > 1)
        {
            double s2 = spacing.X * spacing.X;
            for (int row = 0; row < sizeY * sizeZ; row++)
            {
                var span = squared.Slice(row * sizeX, sizeX);
                span.CopyTo(line);
                envelope.Transform(line.AsSpan(0, sizeX), result.AsSpan(0, sizeX), s2);
                result.AsSpan(0, sizeX).CopyTo(span);
            }
        }
        if (sizeY > 1)
        {
            double s2 = spacing.Y * spacing.Y;
            for (int k = 0; k < sizeZ; k++)
            {
                for (int i = 0; i < sizeX; i++)
                {
                    int start = k * sizeX * sizeY + i;
                    for (int j = 0; j < sizeY; j++)
                        line[j] = squared[start + j * sizeX];
                    envelope.Transform(line.AsSpan(0, sizeY), result.AsSpan(0, sizeY), s2);
                    for (int j = 0; j < sizeY; j++)
                        squared[start + j * sizeX] = result[j];
                }
            }
        }
        if (sizeZ > 1)
        {
            double s2 = spacing.Z * spacing.Z;
            int plane = sizeX * sizeY;
            for (int p = 0; p < plane; p++)
            {
                for (int k = 0; k < sizeZ; k++)
                    line[k] = squared[p + k * plane];
                envelope.Transform(line.AsSpan(0, sizeZ), result.AsSpan(0, sizeZ), s2);
                for (int k = 0; k < sizeZ; k++)
                    squared[p + k * plane] = result[k];
            }
        }
    }

    /// <summary>
    /// scipy's <c>distance_transform_edt</c>: for every non-zero voxel the distance to the nearest zero
    /// voxel, 0 at zero voxels. A mask without any zero voxel gives +infinity at every voxel.
    /// </summary>
    public static Volume<double> Euclidean(Volume<byte> mask, DistanceUnit unit)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var voxels = mask.Voxels;
        var sites = new bool[voxels.Length];
        for (int n = 0; n < sites.Length; n++)
            sites[n] = voxels[n] == 0;
        var squared = SquaredDistanceToNearest(sites, mask.SizeX, mask.SizeY, mask.SizeZ, SpacingOf(mask.Geometry, unit));
        for (int n = 0; n < squared.Length; n++)
            squared[n] = Math.Sqrt(squared[n]);
        return new Volume<double>(mask.Geometry, squared);
    }

    /// <summary>Spacing for the given unit: the geometry's in millimetres, 1 per axis in voxels.</summary>
    public static Vec3 SpacingOf(VolumeGeometry geometry, DistanceUnit unit)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return unit switch
        {
            DistanceUnit.Voxels => new Vec3(1, 1, 1),
            DistanceUnit.Millimetres => geometry.Spacing,
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "unknown distance unit"),
        };
    }

    private static void CheckGrid(int length, int sizeX, int sizeY, int sizeZ, Vec3 spacing)
    {
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0)
            throw new ArgumentException($"Grid size must be positive, got {sizeX}x{sizeY}x{sizeZ}.");
        if ((long)sizeX * sizeY * sizeZ != length)
            throw new ArgumentException($"Buffer holds {length} values but the grid {sizeX}x{sizeY}x{sizeZ} needs {(long)sizeX * sizeY * sizeZ}.");
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0) || !double.IsFinite(spacing.X + spacing.Y + spacing.Z))
            throw new ArgumentException($"Spacing must be positive and finite, got {spacing}.");
    }

    /// <summary>
    /// The 1D step: d(p) = min_q f(q) + s²(p − q)², the lower envelope of parabolas rooted at the finite
    /// samples. Buffers are reused across lines to keep the transform allocation-free per line.
    /// </summary>
    private sealed class Envelope(int capacity)
    {
        private readonly int[] _roots = new int[capacity];
        private readonly double[] _bounds = new double[capacity + 1];

        public void Transform(ReadOnlySpan<double> f, Span<double> d, double s2)
        {
            int k = -1;
            for (int q = 0; q < f.Length; q++)
            {
                if (double.IsPositiveInfinity(f[q]))
                    continue;
                if (k < 0)
                {
                    k = 0;
                    _roots[0] = q;
                    _bounds[0] = double.NegativeInfinity;
                    _bounds[1] = double.PositiveInfinity;
                    continue;
                }
                // _bounds[0] is -infinity, so the first parabola is never popped.
                double s;
                while (true)
                {
                    int r = _roots[k];
                    s = ((f[q] + s2 * q * q) - (f[r] + s2 * r * r)) / (2 * s2 * (q - r));
                    if (s > _bounds[k])
                        break;
                    k--;
                }
                k++;
                _roots[k] = q;
                _bounds[k] = s;
                _bounds[k + 1] = double.PositiveInfinity;
            }
            if (k < 0)
            {
                d.Fill(double.PositiveInfinity);
                return;
            }
            int m = 0;
            for (int p = 0; p < f.Length; p++)
            {
                while (_bounds[m + 1] < p)
                    m++;
                int r = _roots[m];
                double delta = p - r;
                d[p] = f[r] + s2 * delta * delta;
            }
        }
    }
}
