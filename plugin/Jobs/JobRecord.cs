namespace PacsSeg.Plugin.Jobs;

/// <summary>One series and what has happened to it; the job store's row, immutable.</summary>
public sealed record JobRecord
{
    public required long Id { get; init; }
    public required string CorrelationId { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string SourceAe { get; init; }
    public required JobState State { get; init; }
    public string? Modality { get; init; }
    public string? BodyPart { get; init; }
    public string? SopClassUid { get; init; }
    public string? SeriesDescription { get; init; }
    public string? Manufacturer { get; init; }
    public string? Model { get; init; }
    public string? Detail { get; init; }
    public int InstanceCount { get; init; }
    public int InferenceAttempts { get; init; }
    public int ExportAttempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset LastInstanceAt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public IReadOnlyList<string> Results { get; init; } = [];
    public string? SummaryJson { get; init; }
}
