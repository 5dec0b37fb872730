namespace PacsSeg.Engine.Rendering;

/// <summary>What the frame shows: one view, or three MPR slices plus 3D in a 2x2 grid.</summary>
public enum ViewLayout
{
    Volume3D,
    Axial,
    Coronal,
    Sagittal,
    Grid2x2,
}
