using System.Text.Json.Serialization;

namespace PacsSeg.Segmentation.Packaging;

/// <summary>How input intensities are normalized before the network: "zscore" (per volume, or with fixed
/// mean/std), "clip-zscore" (clip to [min, max] first, CT) or "minmax".</summary>
public sealed record IntensityNormalization
{
    [JsonPropertyName("kind")] public string Kind { get; init; } = "zscore";
    [JsonPropertyName("mean")] public double? Mean { get; init; }
    [JsonPropertyName("std")] public double? Std { get; init; }
    [JsonPropertyName("min")] public double? Min { get; init; }
    [JsonPropertyName("max")] public double? Max { get; init; }
}
