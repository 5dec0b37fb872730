// medpy's surface distances: surface = X XOR erode(X) with the connectivity-1 element and the grid
// border counted as background, then the exact EDT to the other surface at every surface voxel.
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Processing;

namespace PacsSeg.Segmentation.Metrics;

/// <summary>Directed distances between the surfaces of two binary masks on one grid.</summary>
public static class SurfaceDistances
{
    /// <summary>
    /// Distances in the units of <paramref name="spacing"/> from every surface voxel of <paramref name="from"/>
    /// to the nearest surface voxel of <paramref name="to"/>, in x-fastest voxel order. Axes of size 1 are not
    /// dimensions (a single slice is a 2D image). Both masks must be non-empty.
    /// </summary>
    public static double[] Directed(ReadOnlySpan<bool> from, ReadOnlySpan<bool> to, int sizeX, int sizeY, int sizeZ, Vec3 spacing)
    {
        var (forward, _) = Both(from, to, sizeX, sizeY, sizeZ, [spacing]);
        return forward[0];
    }

    /// <summary>
    /// Both directed lists (from → to, to → from) for each spacing in <paramref name="spacings"/>, computing the
    /// surfaces once. The work is done on the bounding box of both masks grown by one voxel, which gives the
    /// same distances as the whole grid: every site and every query lies inside it.
    /// </summary>
    public static (double[][] Forward, double[][] Backward) Both(
        ReadOnlySpan<bool> from, ReadOnlySpan<bool> to, int sizeX, int sizeY, int sizeZ, IReadOnlyList<Vec3> spacings)
    {
        ArgumentNullException.ThrowIfNull(spacings);
        long count = (long)sizeX * sizeY * sizeZ;
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0 || from.Length != count || to.Length != count)
            throw new ArgumentException($"Both masks must hold {sizeX}x{sizeY}x{sizeZ} values (got {from.Length} and {to.Length}).");
        if (!from.Contains(true) || !to.Contains(true))
            throw new EmptyMaskException("A surface distance needs a non-empty prediction and reference.");

        var box = BoundingBox(from, to, sizeX, sizeY, sizeZ);
        var a = Crop(from, sizeX, sizeY, box);
        var b = Crop(to, sizeX, sizeY, box);
        var surfaceA = DistanceTransform.InnerBoundary(a, box.SizeX, box.SizeY, box.SizeZ, outsideIsBackground: true);
        var surfaceB = DistanceTransform.InnerBoundary(b, box.SizeX, box.SizeY, box.SizeZ, outsideIsBackground: true);

        var forward = new double[spacings.Count][];
        var backward = new double[spacings.Count][];
        for (int s = 0; s < spacings.Count; s++)
        {
            forward[s] = DistancesAt(surfaceA, surfaceB, box, spacings[s]);
            backward[s] = DistancesAt(surfaceB, surfaceA, box, spacings[s]);
        }
        return (forward, backward);
    }

    /// <summary>numpy's default <c>percentile</c> (linear interpolation between closest ranks).</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("The percentile of no values is undefined.", nameof(values));
        if (!(percent >= 0 && percent <= 100))
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "percent must be in [0, 100]");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double rank = percent / 100.0 * (sorted.Length - 1);
        int low = (int)Math.Floor(rank);
        int high = Math.Min(low + 1, sorted.Length - 1);
        double fraction = rank - low;
        return sorted[low] + (sorted[high] - sorted[low]) * fraction;
    }

    private static double[] DistancesAt(bool[] fromSurface, bool[] toSurface, Box box, Vec3 spacing)
    {
        var squared = DistanceTransform.SquaredDistanceToNearest(toSurface, box.SizeX, box.SizeY, box.SizeZ, spacing);
        var result = new List<double>();
        for (int n = 0; n < fromSurface.Length; n++)
        {
            if (fromSurface[n])
                result.Add(Math.Sqrt(squared[n]));
        }
        return result.ToArray();
    }

    private readonly record struct Box(int X0, int Y0, int Z0, int SizeX, int SizeY, int SizeZ);

    private static Box BoundingBox(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b, int sizeX, int sizeY, int sizeZ)
    {
        int x0 = sizeX, y0 = sizeY, z0 = sizeZ, x1 = -1, y1 = -1, z1 = -1;
        int n = 0;
        for (int k = 0; k < sizeZ; k++)
        {
            for (int j = 0; j < sizeY; j++)
            {
                for (int i = 0; i < sizeX; i++, n++)
                {
                    if (!a[n] && !b[n])
                        continue;
                    x0 = Math.Min(x0, i); x1 = Math.Max(x1, i);
                    y0 = Math.Min(y0, j); y1 = Math.Max(y1, j);
                    z0 = Math.Min(z0, k); z1 = Math.Max(z1, k);
                }
            }
        }
        // One voxel of margin keeps every axis of size > 1 in the grid longer than 1 in the box, so the
        // single-slice rule of InnerBoundary never applies to an axis that is a real dimension.
        x0 = Math.Max(0, x0 - 1); y0 = Math.Max(0, y0 - 1); z0 = Math.Max(0, z0 - 1);
        x1 = Math.Min(sizeX - 1, x1 + 1); y1 = Math.Min(sizeY - 1, y1 + 1); z1 = Math.Min(sizeZ - 1, z1 + 1);
        return new Box(x0, y0, z0, x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1);
    }

    private static bool[] Crop(ReadOnlySpan<bool> mask, int sizeX, int sizeY, Box box)
    {
        var result = new bool[box.SizeX * box.SizeY * box.SizeZ];
        int n = 0;
        for (int k = 0; k < box.SizeZ; k++)
        {
            for (int j = 0; j < box.SizeY; j++)
            {
                int start = ((box.Z0 + k) * sizeY + box.Y0 + j) * sizeX + box.X0;
                mask.Slice(start, box.SizeX).CopyTo(result.AsSpan(n, box.SizeX));
                n += box.SizeX;
            }
        }
        return result;
    }
}
