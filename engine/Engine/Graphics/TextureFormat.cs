namespace PacsSeg.Engine.Graphics;

/// <summary>Texel formats the engine uses.</summary>
public enum TextureFormat
{
    /// <summary>8-bit normalized (uncertainty, occupancy).</summary>
    R8,
    /// <summary>16-bit normalized (intensity).</summary>
    R16,
    /// <summary>Two 16-bit normalized channels (intensity + uncertainty: one fetch for both).</summary>
    Rg16,
    /// <summary>8-bit unsigned integer (segmentation labels; always nearest).</summary>
    R8UI,
    /// <summary>RGBA 8-bit normalized (colour tables, gradients, render targets).</summary>
    Rgba8,
}
