namespace PacsSeg.Plugin.Configuration;

public sealed class ExportOptions
{
    /// <summary>Executions of a destination's whole pipeline per study before the job goes to DeadLetter.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait between two job-level attempts (each attempt already retries inside its pipeline).</summary>
    public double AttemptDelaySeconds { get; set; } = 30;

    public int PollIntervalMilliseconds { get; set; } = 500;

    public List<ExportDestinationOptions> Destinations { get; set; } = [];
}
