namespace PacsSeg.Engine.Scene;

/// <summary>What an overlay volume holds.</summary>
public enum OverlayKind
{
    /// <summary>Integer label values 0..255 (0 = background).</summary>
    Labels,
    /// <summary>Uncertainty (or any probability-like map) in 0..1.</summary>
    Uncertainty,
}
