using System.Text.Json.Serialization;

namespace PacsSeg.Segmentation.Packaging;

/// <summary>One output class of a model: its name and its display color (RGB, 0-255).</summary>
public sealed record ModelClass(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("color")] byte[] Color);
