namespace PacsSeg.Engine.Rendering;

/// <summary>Progressive quality: while the camera moves the 3D view uses a coarser grid and longer steps.</summary>
/// <param name="ResolutionScale">Fraction of the panel's pixels the 3D view is raymarched at (then scaled up).</param>
/// <param name="StepScale">Multiplier of the sample step (opacity correction keeps the look).</param>
public sealed record RenderQuality(double ResolutionScale, double StepScale)
{
    public static RenderQuality Full { get; } = new(1.0, 1.0);

    /// <summary>While interacting: a sixth of the pixels and half the samples per ray.</summary>
    public static RenderQuality Interactive { get; } = new(0.4, 2.0);
}
