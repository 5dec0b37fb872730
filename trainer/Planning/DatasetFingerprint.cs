// What the planner needs to know about a dataset, computed once and written to fingerprint.json.
namespace PacsSeg.Trainer.Planning;

/// <summary>Spacings, sizes, intensity statistics and class frequencies of a dataset's training cases.</summary>
public sealed record DatasetFingerprint
{
    public const string FileName = "fingerprint.json";

    public required string DatasetName { get; init; }
    public required string Modality { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }
    public required IReadOnlyList<CaseFingerprint> Cases { get; init; }
    /// <summary>Per-axis median size (x, y, z) of the training cases.</summary>
    public required IReadOnlyList<double> MedianSize { get; init; }
    /// <summary>Per-axis median spacing (x, y, z) in mm.</summary>
    public required IReadOnlyList<double> MedianSpacing { get; init; }
    /// <summary>Per-axis 10th percentile of spacing (nnU-Net's choice for a low-resolution axis).</summary>
    public required IReadOnlyList<double> Spacing10thPercentile { get; init; }
    public required IntensityStatistics ForegroundIntensity { get; init; }
    /// <summary>Fraction of labeled voxels per label id (index = id, background included).</summary>
    public required IReadOnlyList<double> ClassFractions { get; init; }
    public required int LabeledCount { get; init; }
    public required int UnlabeledCount { get; init; }
    public required int TestCount { get; init; }

    /// <summary>True when every case is a single slice.</summary>
    public bool IsTwoDimensional => Cases.All(c => c.Size[2] == 1);

    public bool IsCt => string.Equals(Modality, "CT", StringComparison.OrdinalIgnoreCase);
}
