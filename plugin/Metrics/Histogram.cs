namespace PacsSeg.Plugin.Metrics;

/// <summary>A Prometheus histogram: cumulative buckets, sum and count, safe across threads.</summary>
public sealed class Histogram(IReadOnlyList<double> upperBounds)
{
    private readonly object gate = new();
    private readonly long[] counts = new long[upperBounds.Count + 1];
    private double sum;
    private long count;

    public IReadOnlyList<double> UpperBounds { get; } = upperBounds;

    public void Observe(double value)
    {
        int i = 0;
        while (i < UpperBounds.Count && value > UpperBounds[i]) i++;
        lock (gate)
        {
            counts[i]++;
            sum += value;
            count++;
        }
    }

    /// <summary>Cumulative counts per bound (last entry is +Inf), the sum and the count, read together.</summary>
    public (long[] Cumulative, double Sum, long Count) Snapshot()
    {
        lock (gate)
        {
            var cumulative = new long[counts.Length];
            long running = 0;
            for (int i = 0; i < counts.Length; i++)
                cumulative[i] = running += counts[i];
            return (cumulative, sum, count);
        }
    }
}
