using System.Text.Json.Serialization;

namespace PacsSeg.Plugin.Inference;

/// <summary>One class of a series summary: its voxel count and volume in millilitres.</summary>
public sealed record ClassVolume(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("voxels")] long Voxels,
    [property: JsonPropertyName("volumeMl")] double VolumeMl);
