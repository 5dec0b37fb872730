namespace PacsSeg.Trainer.Planning;

/// <summary>Statistics of the foreground intensities of the labeled cases (nnU-Net's fingerprint).</summary>
public sealed record IntensityStatistics(double Mean, double Std, double Min, double Max, double Median, double Percentile00_5, double Percentile99_5)
{
    /// <summary>Statistics of a sample (sorted in place).</summary>
    public static IntensityStatistics Of(List<float> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0)
            return new IntensityStatistics(0, 1, 0, 0, 0, 0, 0);
        sample.Sort();
        double mean = 0;
        foreach (float v in sample)
            mean += v;
        mean /= sample.Count;
        double variance = 0;
        foreach (float v in sample)
            variance += (v - mean) * (v - mean);
        variance /= sample.Count;
        return new IntensityStatistics(mean, Math.Sqrt(variance), sample[0], sample[^1], Rank(sample, 50), Rank(sample, 0.5), Rank(sample, 99.5));
    }

    private static double Rank(List<float> sorted, double percent)
    {
        double rank = percent / 100 * (sorted.Count - 1);
        int low = (int)Math.Floor(rank);
        int high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
