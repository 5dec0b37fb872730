// Dice, Jaccard, HD95 and ASD with medpy's semantics (SPEC 1.9), per class and per case.
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Segmentation.Metrics;

/// <summary>Evaluation of predicted label maps against reference label maps.</summary>
public static class SegmentationMetrics
{
    /// <summary>
    /// Metrics of one binary prediction against its reference on a grid with <paramref name="spacingMm"/>;
    /// distances are reported both in voxel steps and in millimetres.
    /// </summary>
    public static BinaryMetrics Binary(
        ReadOnlySpan<bool> prediction, ReadOnlySpan<bool> reference, int sizeX, int sizeY, int sizeZ, Vec3 spacingMm,
        EmptyMaskPolicy policy = EmptyMaskPolicy.BothEmptyScoresPerfect)
    {
        if (prediction.Length != reference.Length)
            throw new ArgumentException($"Prediction has {prediction.Length} voxels, reference {reference.Length}.");
        long intersection = 0, predicted = 0, expected = 0;
        for (int n = 0; n < prediction.Length; n++)
        {
            if (prediction[n])
            {
                predicted++;
                if (reference[n])
                    intersection++;
            }
            if (reference[n])
                expected++;
        }

        if (predicted == 0 || expected == 0)
        {
            return policy switch
            {
                EmptyMaskPolicy.BothEmptyScoresPerfect => predicted == expected ? BinaryMetrics.Perfect : BinaryMetrics.Zero,
                EmptyMaskPolicy.PredictionEmptyScoresZero => BinaryMetrics.Zero,
                EmptyMaskPolicy.Throw => throw new EmptyMaskException(
                    predicted == 0 ? "The prediction is empty; HD95 and ASD are undefined." : "The reference is empty; HD95 and ASD are undefined."),
                _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown empty-mask policy"),
            };
        }

        double dice = 2.0 * intersection / (predicted + expected);
        double jaccard = (double)intersection / (predicted + expected - intersection);
        var (forward, backward) = SurfaceDistances.Both(prediction, reference, sizeX, sizeY, sizeZ, [new Vec3(1, 1, 1), spacingMm]);
        return new BinaryMetrics(
            dice,
            jaccard,
            Hd95(forward[0], backward[0]),
            forward[0].Average(),
            Hd95(forward[1], backward[1]),
            forward[1].Average());
    }

    /// <summary>Metrics of the non-zero voxels of two masks on the same grid.</summary>
    public static BinaryMetrics Binary(Volume<byte> prediction, Volume<byte> reference, EmptyMaskPolicy policy = EmptyMaskPolicy.BothEmptyScoresPerfect)
    {
        CheckSameGrid(prediction, reference);
        var p = prediction.Voxels.Select(v => v != 0).ToArray();
        var r = reference.Voxels.Select(v => v != 0).ToArray();
        return Binary(p, r, prediction.SizeX, prediction.SizeY, prediction.SizeZ, prediction.Geometry.Spacing, policy);
    }

    /// <summary>
    /// Per-class metrics of two label maps for labels 1..<paramref name="classCount"/> − 1 (0 is background),
    /// and their mean.
    /// </summary>
    public static CaseMetrics PerClass(Volume<byte> prediction, Volume<byte> reference, int classCount, EmptyMaskPolicy policy = EmptyMaskPolicy.BothEmptyScoresPerfect)
    {
        CheckSameGrid(prediction, reference);
        if (classCount < 2 || classCount > 256)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "need background plus at least one class, at most 256 labels");
        var results = new BinaryMetrics[classCount - 1];
        var p = new bool[prediction.Voxels.Length];
        var r = new bool[reference.Voxels.Length];
        for (int c = 1; c < classCount; c++)
        {
            for (int n = 0; n < p.Length; n++)
            {
                p[n] = prediction.Voxels[n] == c;
                r[n] = reference.Voxels[n] == c;
            }
            results[c - 1] = Binary(p, r, prediction.SizeX, prediction.SizeY, prediction.SizeZ, prediction.Geometry.Spacing, policy);
        }
        return new CaseMetrics(results);
    }

    private static double Hd95(double[] forward, double[] backward)
    {
        var pooled = new double[forward.Length + backward.Length];
        forward.CopyTo(pooled, 0);
        backward.CopyTo(pooled, forward.Length);
        return SurfaceDistances.Percentile(pooled, 95);
    }

    private static void CheckSameGrid(Volume<byte> prediction, Volume<byte> reference)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        if (prediction.SizeX != reference.SizeX || prediction.SizeY != reference.SizeY || prediction.SizeZ != reference.SizeZ)
            throw new ArgumentException(
                $"Prediction {prediction.SizeX}x{prediction.SizeY}x{prediction.SizeZ} and reference {reference.SizeX}x{reference.SizeY}x{reference.SizeZ} differ in size.");
    }
}
