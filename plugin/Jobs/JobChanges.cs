namespace PacsSeg.Plugin.Jobs;

/// <summary>What a transition writes along with the new state, in the same transaction.</summary>
public sealed record JobChanges
{
    public string? Model { get; init; }
    public string? Detail { get; init; }
    public bool IncrementInferenceAttempts { get; init; }

    /// <summary>Sets (or with <see cref="ClearNextAttempt"/> clears) when the job may be picked again.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
    public bool ClearNextAttempt { get; init; }

    /// <summary>Result files to export (replaces the previous list when set).</summary>
    public IReadOnlyList<string>? Results { get; init; }

    /// <summary>Per-series summary (volumes per class, mean uncertainty) as JSON.</summary>
    public string? SummaryJson { get; init; }

    /// <summary>Sets the export attempt counter (a study's jobs share one count); wins over ResetAttempts.</summary>
    public int? ExportAttempts { get; init; }

    /// <summary>Reset attempt counters (admin re-queue starts a fresh budget).</summary>
    public bool ResetAttempts { get; init; }

    public static readonly JobChanges None = new();
}
