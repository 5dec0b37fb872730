using System.Text.Json.Serialization;

namespace PacsSeg.Segmentation.Packaging;

/// <summary>model.json of a model package: everything the plugin and the viewer need besides the weights.</summary>
public sealed record ModelManifest
{
    /// <summary>Version of this manifest layout; a loader refuses layouts newer than it knows.</summary>
    [JsonPropertyName("formatVersion")] public int FormatVersion { get; init; } = ModelPackage.CurrentFormatVersion;
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    /// <summary>Architecture name known to <see cref="Networks.NetworkFactory"/>, e.g. "unet2d", "vnet3d".</summary>
    [JsonPropertyName("architecture")] public required string Architecture { get; init; }
    /// <summary>Architecture hyperparameters (free-form, kept for the record).</summary>
    [JsonPropertyName("hyperparameters")] public Dictionary<string, string> Hyperparameters { get; init; } = new();
    [JsonPropertyName("inputChannels")] public required long InputChannels { get; init; }
    /// <summary>Class names and display colors, index 0 = background.</summary>
    [JsonPropertyName("classes")] public required IReadOnlyList<ModelClass> Classes { get; init; }
    /// <summary>Voxel spacing (x, y, z in mm) the network was trained at.</summary>
    [JsonPropertyName("targetSpacing")] public double[] TargetSpacing { get; init; } = [];
    [JsonPropertyName("normalization")] public IntensityNormalization Normalization { get; init; } = new();
    [JsonPropertyName("patchSize")] public long[] PatchSize { get; init; } = [];
    [JsonPropertyName("trainingMethod")] public string TrainingMethod { get; init; } = "";
    [JsonPropertyName("dataSummary")] public string DataSummary { get; init; } = "";
    [JsonPropertyName("metrics")] public Dictionary<string, double> Metrics { get; init; } = new();
    [JsonPropertyName("createdUtc")] public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>SHA-256 of weights.safetensors (lower-case hex), checked on load.</summary>
    [JsonPropertyName("weightsSha256")] public string WeightsSha256 { get; init; } = "";
}
