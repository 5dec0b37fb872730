// Text helpers every benchmark's report uses: the machine's load average and "mean ± sd" over repeated runs.
using System.Globalization;

namespace PacsSeg.Benchmarks;

internal static class BenchmarkText
{
    /// <summary>The 1/5/15-minute load average ("n/a" where /proc/loadavg cannot be read).</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    /// <summary>"mean" for one value, "mean ± sd" (sample sd) for several, two decimals.</summary>
    public static string MeanSd(IEnumerable<double> values)
    {
        var v = values.ToList();
        double mean = v.Average();
        if (v.Count < 2)
            return mean.ToString("0.00", CultureInfo.InvariantCulture);
        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean:0.00} ± {sd:0.00}");
    }

    /// <summary>The "Δ vs baseline" and "above" columns from per-seed differences to the baseline of the same seed
    /// (fractions, shown in points): "+1.23" and "2/3"; the baseline's own row shows "0.00" and no count.</summary>
    public static (string Delta, string Above) Comparison(IReadOnlyList<double> deltas, bool isBaseline)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        if (deltas.Count == 0)
            return (isBaseline ? "0.00" : "", "");
        return (string.Create(CultureInfo.InvariantCulture, $"{deltas.Average() * 100:+0.00;-0.00;0.00}"), $"{deltas.Count(d => d > 0)}/{deltas.Count}");
    }
}
