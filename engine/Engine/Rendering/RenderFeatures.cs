namespace PacsSeg.Engine.Rendering;

/// <summary>Shader feature set; each combination is its own compiled program (#defines).</summary>
[Flags]
public enum RenderFeatures
{
    None = 0,
    Mip = 1,
    Labels = 2,
    LabelOutline = 4,
    Uncertainty = 8,
    Shading = 16,
    EmptySpaceSkipping = 32,
}
