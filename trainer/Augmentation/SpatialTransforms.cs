// Geometric transforms of patches; labels always follow the image with nearest-neighbour sampling.
namespace PacsSeg.Trainer.Augmentation;

/// <summary>Rotations, flips, resizing, cropping and scaling of <see cref="ImagePatch"/>es.</summary>
public static class SpatialTransforms
{
    /// <summary>numpy <c>rot90(x, k)</c> in the x-y plane (counter-clockwise viewed with y down): sizes swap for odd k.</summary>
    public static ImagePatch Rot90(ImagePatch p, int k)
    {
        ArgumentNullException.ThrowIfNull(p);
        k = ((k % 4) + 4) % 4;
        return k switch
        {
            0 => p.Clone(),
            1 => ImagePatch.Sample(p, p.SizeY, p.SizeX, p.SizeZ, (i, j, z) => p.Index(p.SizeX - 1 - j, i, z)),
            2 => ImagePatch.Sample(p, p.SizeX, p.SizeY, p.SizeZ, (i, j, z) => p.Index(p.SizeX - 1 - i, p.SizeY - 1 - j, z)),
            _ => ImagePatch.Sample(p, p.SizeY, p.SizeX, p.SizeZ, (i, j, z) => p.Index(j, p.SizeY - 1 - i, z)),
        };
    }

    /// <summary>Mirror along axis 0 (x), 1 (y) or 2 (z).</summary>
    public static ImagePatch Flip(ImagePatch p, int axis)
    {
        ArgumentNullException.ThrowIfNull(p);
        return axis switch
        {
            0 => ImagePatch.Sample(p, p.SizeX, p.SizeY, p.SizeZ, (i, j, k) => p.Index(p.SizeX - 1 - i, j, k)),
            1 => ImagePatch.Sample(p, p.SizeX, p.SizeY, p.SizeZ, (i, j, k) => p.Index(i, p.SizeY - 1 - j, k)),
            2 => ImagePatch.Sample(p, p.SizeX, p.SizeY, p.SizeZ, (i, j, k) => p.Index(i, j, p.SizeZ - 1 - k)),
            _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "axis must be 0, 1 or 2"),
        };
    }

    /// <summary>
    /// scipy <c>ndimage.rotate(order=0, reshape=False)</c> in the x-y plane: rotation about the patch centre by
    /// <paramref name="degrees"/>, nearest-neighbour, outside filled with 0 (image and label).
    /// </summary>
    public static ImagePatch RotateNearest(ImagePatch p, double degrees)
    {
        ArgumentNullException.ThrowIfNull(p);
        double a = degrees * Math.PI / 180, cos = Math.Cos(a), sin = Math.Sin(a);
        double cx = (p.SizeX - 1) / 2.0, cy = (p.SizeY - 1) / 2.0;
        return ImagePatch.Sample(p, p.SizeX, p.SizeY, p.SizeZ, (i, j, k) =>
        {
            double x = i - cx, y = j - cy;
            int si = (int)Math.Round(cos * x + sin * y + cx, MidpointRounding.AwayFromZero);
            int sj = (int)Math.Round(-sin * x + cos * y + cy, MidpointRounding.AwayFromZero);
            return (uint)si < (uint)p.SizeX && (uint)sj < (uint)p.SizeY ? p.Index(si, sj, k) : -1;
        });
    }

    /// <summary>
    /// scipy <c>ndimage.zoom(order=0)</c> to an exact size: output index o reads input index
    /// round(o (in − 1)/(out − 1)), so the corner voxels map onto each other.
    /// </summary>
    public static ImagePatch ResizeNearest(ImagePatch p, int sizeX, int sizeY, int sizeZ)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0)
            throw new ArgumentException($"Size must be positive, got {sizeX}x{sizeY}x{sizeZ}.");
        if (sizeX == p.SizeX && sizeY == p.SizeY && sizeZ == p.SizeZ)
            return p.Clone();
        var mx = NearestMap(p.SizeX, sizeX);
        var my = NearestMap(p.SizeY, sizeY);
        var mz = NearestMap(p.SizeZ, sizeZ);
        return ImagePatch.Sample(p, sizeX, sizeY, sizeZ, (i, j, k) => p.Index(mx[i], my[j], mz[k]));
    }

    /// <summary>A box starting at (x0, y0, z0), zero-padded where it leaves the patch.</summary>
    public static ImagePatch Crop(ImagePatch p, int x0, int y0, int z0, int sizeX, int sizeY, int sizeZ)
    {
        ArgumentNullException.ThrowIfNull(p);
        return ImagePatch.Sample(p, sizeX, sizeY, sizeZ, (i, j, k) =>
        {
            int si = x0 + i, sj = y0 + j, sk = z0 + k;
            return (uint)si < (uint)p.SizeX && (uint)sj < (uint)p.SizeY && (uint)sk < (uint)p.SizeZ ? p.Index(si, sj, sk) : -1;
        });
    }

    /// <summary>
    /// UA-MT's RandomCrop: pad with zeros (centred) to at least the crop size, then a uniformly random crop.
    /// </summary>
    public static ImagePatch RandomCrop(ImagePatch p, int sizeX, int sizeY, int sizeZ, Processing.DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(random);
        int Start(int have, int want) => have >= want ? random.NextInt(have - want + 1) : -((want - have + 1) / 2);
        int x0 = Start(p.SizeX, sizeX), y0 = Start(p.SizeY, sizeY), z0 = Start(p.SizeZ, sizeZ);
        return Crop(p, x0, y0, z0, sizeX, sizeY, sizeZ);
    }

    /// <summary>
    /// Zoom about the centre by <paramref name="factor"/> keeping the size (greater than 1 magnifies), in the
    /// x-y plane and, for 3D patches, along z; image linear, label nearest, outside 0.
    /// </summary>
    public static ImagePatch Scale(ImagePatch p, double factor)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (!(factor > 0) || !double.IsFinite(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "scale factor must be positive");
        double cx = (p.SizeX - 1) / 2.0, cy = (p.SizeY - 1) / 2.0, cz = (p.SizeZ - 1) / 2.0;
        bool scaleZ = p.SizeZ > 1;
        var nearest = ImagePatch.Sample(p, p.SizeX, p.SizeY, p.SizeZ, (i, j, k) =>
        {
            int si = (int)Math.Round(cx + (i - cx) / factor, MidpointRounding.AwayFromZero);
            int sj = (int)Math.Round(cy + (j - cy) / factor, MidpointRounding.AwayFromZero);
            int sk = scaleZ ? (int)Math.Round(cz + (k - cz) / factor, MidpointRounding.AwayFromZero) : k;
            return (uint)si < (uint)p.SizeX && (uint)sj < (uint)p.SizeY && (uint)sk < (uint)p.SizeZ ? p.Index(si, sj, sk) : -1;
        });
        // Image: trilinear (bilinear for 2D) on the same mapping.
        int n = 0;
        for (int k = 0; k < p.SizeZ; k++)
        {
            for (int j = 0; j < p.SizeY; j++)
            {
                for (int i = 0; i < p.SizeX; i++, n++)
                    nearest.Image[n] = Linear(p, cx + (i - cx) / factor, cy + (j - cy) / factor, scaleZ ? cz + (k - cz) / factor : k);
            }
        }
        return nearest;
    }

    private static float Linear(ImagePatch p, double x, double y, double z)
    {
        if (x < 0 || y < 0 || z < 0 || x > p.SizeX - 1 || y > p.SizeY - 1 || z > p.SizeZ - 1)
            return 0;
        int x0 = (int)x, y0 = (int)y, z0 = (int)z;
        int x1 = Math.Min(x0 + 1, p.SizeX - 1), y1 = Math.Min(y0 + 1, p.SizeY - 1), z1 = Math.Min(z0 + 1, p.SizeZ - 1);
        double fx = x - x0, fy = y - y0, fz = z - z0;
        double c00 = p.Image[p.Index(x0, y0, z0)] * (1 - fx) + p.Image[p.Index(x1, y0, z0)] * fx;
        double c10 = p.Image[p.Index(x0, y1, z0)] * (1 - fx) + p.Image[p.Index(x1, y1, z0)] * fx;
        double c01 = p.Image[p.Index(x0, y0, z1)] * (1 - fx) + p.Image[p.Index(x1, y0, z1)] * fx;
        double c11 = p.Image[p.Index(x0, y1, z1)] * (1 - fx) + p.Image[p.Index(x1, y1, z1)] * fx;
        double c0 = c00 * (1 - fy) + c10 * fy, c1 = c01 * (1 - fy) + c11 * fy;
        return (float)(c0 * (1 - fz) + c1 * fz);
    }

    private static int[] NearestMap(int from, int to)
    {
        var map = new int[to];
        for (int o = 0; o < to; o++)
            map[o] = to == 1 ? 0 : (int)Math.Round(o * (from - 1) / (double)(to - 1), MidpointRounding.AwayFromZero);
        return map;
    }
}
