// Progressive quality that holds a frame-rate target while the camera moves: the 3D view's
// resolution follows the measured frame time (a CPU rasterizer's cost is roughly per pixel).
using PacsSeg.Engine.Rendering;

namespace PacsSeg.Engine.Interaction;

/// <summary>Chooses the interactive <see cref="RenderQuality"/> from the last moving frame's time.</summary>
public sealed class AdaptiveQuality
{
    public AdaptiveQuality(double targetFps = 10, double minScale = 0.15, double maxScale = 0.5, double stepScale = 2.0)
    {
        if (!(targetFps > 0) || !(minScale > 0) || maxScale < minScale)
            throw new ArgumentOutOfRangeException(nameof(targetFps));
        TargetSeconds = 1 / targetFps;
        MinScale = minScale;
        MaxScale = maxScale;
        Current = new RenderQuality(maxScale, stepScale);
    }

    public double TargetSeconds { get; }
    public double MinScale { get; }
    public double MaxScale { get; }
    public RenderQuality Current { get; private set; }

    /// <summary>Feeds the time of the last interactive frame; returns the quality for the next one.</summary>
    public RenderQuality Next(double lastFrameSeconds)
    {
        if (lastFrameSeconds > 0)
        {
            // Pixels scale with the square of the resolution factor; damp the change to avoid oscillation.
            double ideal = Current.ResolutionScale * Math.Sqrt(TargetSeconds * 0.85 / lastFrameSeconds);
            double scale = Math.Clamp(Current.ResolutionScale + (ideal - Current.ResolutionScale) * 0.7, MinScale, MaxScale);
            Current = Current with { ResolutionScale = scale };
        }
        return Current;
    }
}
