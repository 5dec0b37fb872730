// Signed distance maps and connectivity-1 boundaries: the shapes PCCS's prototypes and the surface
// metrics (HD95, ASD) are built from.
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.Processing;

public static partial class DistanceTransform
{
    /// <summary>
    /// Foreground voxels with at least one face neighbour (4 in 2D, 6 in 3D) that is background.
    /// With <paramref name="outsideIsBackground"/> a foreground voxel on the grid border is a boundary voxel
    /// too (scipy <c>binary_erosion</c> with border value 0, as medpy's surfaces); without it only voxels
    /// inside the grid count (skimage <c>find_boundaries(mode='inner')</c>). Axes of size 1 are not
    /// dimensions: a single-slice grid is a 2D image.
    /// </summary>
    public static bool[] InnerBoundary(ReadOnlySpan<bool> foreground, int sizeX, int sizeY, int sizeZ, bool outsideIsBackground)
    {
        CheckGrid(foreground.Length, sizeX, sizeY, sizeZ, new Vec3(1, 1, 1));
        var boundary = new bool[foreground.Length];
        int plane = sizeX * sizeY;
        for (int k = 0; k < sizeZ; k++)
        {
            for (int j = 0; j < sizeY; j++)
            {
                for (int i = 0; i < sizeX; i++)
                {
                    int n = k * plane + j * sizeX + i;
                    if (!foreground[n])
                        continue;
                    boundary[n] =
                        IsBackground(foreground, sizeX, i - 1, n - 1, outsideIsBackground)
                        || IsBackground(foreground, sizeX, i + 1, n + 1, outsideIsBackground)
                        || IsBackground(foreground, sizeY, j - 1, n - sizeX, outsideIsBackground)
                        || IsBackground(foreground, sizeY, j + 1, n + sizeX, outsideIsBackground)
                        || IsBackground(foreground, sizeZ, k - 1, n - plane, outsideIsBackground)
                        || IsBackground(foreground, sizeZ, k + 1, n + plane, outsideIsBackground);
                }
            }
        }
        return boundary;
    }

    /// <summary>
    /// The signed distance map of SPEC 1.8 (PCCS): EDT(¬G) − EDT(G), negative inside, positive outside,
    /// 0 on the inner boundary of G (grid border not counted as background), not normalised.
    /// A mask without foreground, or without background, has no contour to measure from and gives 0 everywhere.
    /// </summary>
    public static double[] SignedDistanceMap(ReadOnlySpan<bool> foreground, int sizeX, int sizeY, int sizeZ, Vec3 spacing)
    {
        CheckGrid(foreground.Length, sizeX, sizeY, sizeZ, spacing);
        var map = new double[foreground.Length];
        bool anyForeground = foreground.Contains(true);
        bool anyBackground = foreground.Contains(false);
        if (!anyForeground || !anyBackground)
            return map;

        var background = new bool[foreground.Length];
        for (int n = 0; n < background.Length; n++)
            background[n] = !foreground[n];
        var toForeground = SquaredDistanceToNearest(foreground, sizeX, sizeY, sizeZ, spacing);
        var toBackground = SquaredDistanceToNearest(background, sizeX, sizeY, sizeZ, spacing);
        var boundary = InnerBoundary(foreground, sizeX, sizeY, sizeZ, outsideIsBackground: false);
        for (int n = 0; n < map.Length; n++)
        {
            if (boundary[n])
                continue;
            map[n] = foreground[n] ? -Math.Sqrt(toBackground[n]) : Math.Sqrt(toForeground[n]);
        }
        return map;
    }

    /// <summary>
    /// <see cref="SignedDistanceMap(ReadOnlySpan{bool}, int, int, int, Vec3)"/> of the non-zero voxels of a mask,
    /// in voxels or in millimetres.
    /// </summary>
    public static Volume<double> SignedDistanceMap(Volume<byte> mask, DistanceUnit unit)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var foreground = new bool[mask.Voxels.Length];
        for (int n = 0; n < foreground.Length; n++)
            foreground[n] = mask.Voxels[n] != 0;
        var map = SignedDistanceMap(foreground, mask.SizeX, mask.SizeY, mask.SizeZ, SpacingOf(mask.Geometry, unit));
        return new Volume<double>(mask.Geometry, map);
    }

    private static bool IsBackground(ReadOnlySpan<bool> foreground, int axisSize, int coordinate, int index, bool outsideIsBackground)
    {
        if (axisSize == 1)
            return false;
        if ((uint)coordinate >= (uint)axisSize)
            return outsideIsBackground;
        return !foreground[index];
    }
}
