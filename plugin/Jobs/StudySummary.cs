namespace PacsSeg.Plugin.Jobs;

/// <summary>The study's series with their states and per-series summaries.</summary>
public sealed record StudySummary(string StudyInstanceUid, string SourceAe, DateTimeOffset FirstReceivedAt, IReadOnlyList<JobRecord> Series);
