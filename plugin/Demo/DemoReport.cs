namespace PacsSeg.Plugin.Demo;

/// <summary>What the demo did: timed stages, the results fetched back from Orthanc and how well the organ was found.</summary>
public sealed record DemoReport
{
    public required IReadOnlyList<DemoStage> Stages { get; init; }

    /// <summary>Seconds from the arrival of the last instance in Orthanc to the SEG and the Parametric Map stored in Orthanc.</summary>
    public required double ArrivalToResultsSeconds { get; init; }

    public required string StudyInstanceUid { get; init; }
    public required string ModelName { get; init; }
    public required int Instances { get; init; }
    /// <summary>The SEG fetched back from Orthanc; null when the model found no organ (no SEG is written then).</summary>
    public required string? SegmentationFile { get; init; }
    public required string ParametricMapFile { get; init; }
    public string? Png { get; init; }

    /// <summary>Dice of the SEG's organ against the phantom's own label (0 without a SEG).</summary>
    public required double Dice { get; init; }

    /// <summary>The plugin's per-study summary (volumes per class in ml, mean uncertainty) as JSON.</summary>
    public string? SummaryJson { get; init; }
}
