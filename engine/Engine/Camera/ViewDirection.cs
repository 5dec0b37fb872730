namespace PacsSeg.Engine.Camera;

/// <summary>Standard anatomical viewpoints: where the viewer stands relative to the patient.</summary>
public enum ViewDirection
{
    Anterior,
    Posterior,
    Left,
    Right,
    Superior,
    Inferior,
}
