namespace PacsSeg.Engine.Scene;

/// <summary>How one segmentation label is shown: colour (0..1), opacity, visibility.</summary>
public sealed record LabelInfo(byte Value, string Name, float R, float G, float B, float Opacity = 0.6f, bool Visible = true);
