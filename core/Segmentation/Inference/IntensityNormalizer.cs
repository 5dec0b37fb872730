// Applies a manifest's IntensityNormalization to a volume; statistics missing from the manifest are taken
// from the volume itself (per-volume z-score, min-max).
using PacsSeg.Imaging;
using PacsSeg.Segmentation.Packaging;

namespace PacsSeg.Segmentation.Inference;

public static class IntensityNormalizer
{
    public static Volume<float> Apply(Volume<float> volume, IntensityNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(normalization);
        var src = volume.Voxels;
        var dst = new float[src.Length];
        switch (normalization.Kind)
        {
            case "zscore":
                ZScore(src, dst, normalization.Mean, normalization.Std);
                break;
            case "clip-zscore":
            {
                float lo = (float)(normalization.Min ?? double.NegativeInfinity), hi = (float)(normalization.Max ?? double.PositiveInfinity);
                for (int i = 0; i < src.Length; i++)
                    dst[i] = Math.Clamp(src[i], lo, hi);
                ZScore(dst, dst, normalization.Mean, normalization.Std);
                break;
            }
            case "minmax":
            {
                double lo = normalization.Min ?? Min(src), hi = normalization.Max ?? Max(src);
                double range = hi > lo ? hi - lo : 1;
                for (int i = 0; i < src.Length; i++)
                    dst[i] = (float)((Math.Clamp(src[i], lo, hi) - lo) / range);
                break;
            }
            default:
                throw new ArgumentException($"Unknown intensity normalization '{normalization.Kind}' (known: zscore, clip-zscore, minmax).", nameof(normalization));
        }
        return new Volume<float>(volume.Geometry, dst);
    }

    private static void ZScore(float[] src, float[] dst, double? fixedMean, double? fixedStd)
    {
        double mean = fixedMean ?? Mean(src);
        double std = fixedStd ?? Std(src, mean);
        if (!(std > 1e-8))
            std = 1;
        for (int i = 0; i < src.Length; i++)
            dst[i] = (float)((src[i] - mean) / std);
    }

    private static double Mean(float[] v)
    {
        double s = 0;
        foreach (float x in v)
            s += x;
        return v.Length == 0 ? 0 : s / v.Length;
    }

    private static double Std(float[] v, double mean)
    {
        double s = 0;
        foreach (float x in v)
            s += (x - mean) * (x - mean);
        return v.Length == 0 ? 1 : Math.Sqrt(s / v.Length);
    }

    private static double Min(float[] v) => v.Length == 0 ? 0 : v.Min();

    private static double Max(float[] v) => v.Length == 0 ? 1 : v.Max();
}
