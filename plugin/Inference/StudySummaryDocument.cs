using System.Text.Json;
using System.Text.Json.Serialization;

namespace PacsSeg.Plugin.Inference;

/// <summary>The per-series summary stored with a job: volume per class and mean uncertainty.</summary>
public sealed record StudySummaryDocument(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("classes")] IReadOnlyList<ClassVolume> Classes,
    [property: JsonPropertyName("meanUncertainty")] double MeanUncertainty)
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
}
