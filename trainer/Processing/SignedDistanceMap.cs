// SPEC 1.8: the signed distance map of a binary 2D mask, built on an exact Euclidean distance transform
// (Felzenszwalb–Huttenlocher lower envelope of parabolas, one pass per axis).
namespace PacsSeg.Trainer.Processing;

/// <summary>Exact EDT and the SDM used by PCCS's distance-layer prototypes.</summary>
public static class SignedDistanceMap
{
    /// <summary>
    /// For each pixel of <paramref name="mask"/> (x fastest), the Euclidean distance to the nearest pixel outside
    /// the mask (0 outside), as scipy's distance_transform_edt. A mask that fills the image gets +∞.
    /// </summary>
    public static double[] DistanceToOutside(ReadOnlySpan<bool> mask, int sizeX, int sizeY)
    {
        if (mask.Length != sizeX * sizeY)
            throw new ArgumentException($"Mask has {mask.Length} pixels, expected {sizeX}x{sizeY}.", nameof(mask));
        var f = new double[mask.Length];
        for (int n = 0; n < f.Length; n++)
            f[n] = mask[n] ? double.PositiveInfinity : 0;
        var line = new double[Math.Max(sizeX, sizeY)];
        var result = new double[line.Length];
        for (int y = 0; y < sizeY; y++)
        {
            for (int x = 0; x < sizeX; x++)
                line[x] = f[y * sizeX + x];
            Transform1D(line, sizeX, result);
            for (int x = 0; x < sizeX; x++)
                f[y * sizeX + x] = result[x];
        }
        for (int x = 0; x < sizeX; x++)
        {
            for (int y = 0; y < sizeY; y++)
                line[y] = f[y * sizeX + x];
            Transform1D(line, sizeY, result);
            for (int y = 0; y < sizeY; y++)
                f[y * sizeX + x] = Math.Sqrt(result[y]);
        }
        return f;
    }

    /// <summary>
    /// SDM(x) = EDT(¬G)(x) − EDT(G)(x), then 0 on G's inner boundary (pixels of G with an in-image 4-neighbour
    /// outside G, as skimage find_boundaries(mode='inner'), whose reflecting border adds none); all zeros when G is empty.
    /// </summary>
    public static double[] Compute(ReadOnlySpan<bool> mask, int sizeX, int sizeY)
    {
        var result = new double[mask.Length];
        bool any = false;
        foreach (bool v in mask)
            any |= v;
        if (!any)
            return result;
        var inverse = new bool[mask.Length];
        for (int n = 0; n < mask.Length; n++)
            inverse[n] = !mask[n];
        var outside = DistanceToOutside(inverse, sizeX, sizeY);
        var inside = DistanceToOutside(mask, sizeX, sizeY);
        for (int n = 0; n < mask.Length; n++)
            result[n] = outside[n] - inside[n];
        for (int y = 0; y < sizeY; y++)
        {
            for (int x = 0; x < sizeX; x++)
            {
                int n = y * sizeX + x;
                if (!mask[n])
                    continue;
                bool boundary = (x > 0 && !mask[n - 1]) || (x + 1 < sizeX && !mask[n + 1])
                    || (y > 0 && !mask[n - sizeX]) || (y + 1 < sizeY && !mask[n + sizeX]);
                if (boundary)
                    result[n] = 0;
            }
        }
        return result;
    }

    // Squared distance transform of a sampled function along one line (Felzenszwalb & Huttenlocher 2012).
    private static void Transform1D(double[] f, int n, double[] d)
    {
        var v = new int[n];
        var z = new double[n + 1];
        int k = -1;
        for (int q = 0; q < n; q++)
        {
            if (double.IsPositiveInfinity(f[q]))
                continue;
            while (k >= 0)
            {
                double s = (f[q] + q * (double)q - (f[v[k]] + v[k] * (double)v[k])) / (2.0 * (q - v[k]));
                if (s <= z[k])
                {
                    k--;
                    continue;
                }
                k++;
                v[k] = q;
                z[k] = s;
                z[k + 1] = double.PositiveInfinity;
                break;
            }
            if (k < 0)
            {
                k = 0;
                v[0] = q;
                z[0] = double.NegativeInfinity;
                z[1] = double.PositiveInfinity;
            }
        }
        if (k < 0)
        {
            for (int q = 0; q < n; q++)
                d[q] = double.PositiveInfinity;
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++)
        {
            while (z[j + 1] < q)
                j++;
            double dq = q - v[j];
            d[q] = dq * dq + f[v[j]];
        }
    }
}
