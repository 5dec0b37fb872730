namespace PacsSeg.Plugin.Configuration;

/// <summary>When a series counts as complete: no new instance for the quiet period of its source AE.</summary>
public sealed class AssemblyOptions
{
    public double QuietPeriodSeconds { get; set; } = 10;

    /// <summary>Per calling AE title, for senders that pause between instances.</summary>
    public Dictionary<string, double> QuietPeriodSecondsByAe { get; set; } = new(StringComparer.Ordinal);

    public int PollIntervalMilliseconds { get; set; } = 500;

    public TimeSpan QuietPeriodFor(string sourceAe) =>
        TimeSpan.FromSeconds(QuietPeriodSecondsByAe.TryGetValue(sourceAe, out var s) ? s : QuietPeriodSeconds);
}
