namespace PacsSeg.Segmentation.Metrics;

/// <summary>
/// Overlap and surface metrics of one binary mask against its reference, with medpy's semantics:
/// HD95 is the 95th percentile of both directed surface-distance lists pooled; ASD is the mean of the
/// directed distances prediction → reference only. Distances in voxel steps and in millimetres.
/// </summary>
public sealed record BinaryMetrics(double Dice, double Jaccard, double Hd95Voxels, double AsdVoxels, double Hd95Mm, double AsdMm)
{
    /// <summary>All four metrics 0 (the repositories' guard for an empty mask).</summary>
    public static BinaryMetrics Zero { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Perfect agreement: both masks empty under <see cref="EmptyMaskPolicy.BothEmptyScoresPerfect"/>.</summary>
    public static BinaryMetrics Perfect { get; } = new(1, 1, 0, 0, 0, 0);

    /// <summary>Element-wise mean (how per-case metrics become per-dataset, and per-class become the case mean).</summary>
    public static BinaryMetrics Mean(IReadOnlyCollection<BinaryMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0)
            throw new ArgumentException("The mean of no metrics is undefined.", nameof(metrics));
        return new BinaryMetrics(
            metrics.Average(m => m.Dice),
            metrics.Average(m => m.Jaccard),
            metrics.Average(m => m.Hd95Voxels),
            metrics.Average(m => m.AsdVoxels),
            metrics.Average(m => m.Hd95Mm),
            metrics.Average(m => m.AsdMm));
    }
}
