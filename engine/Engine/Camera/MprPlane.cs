namespace PacsSeg.Engine.Camera;

/// <summary>The three standard slice orientations.</summary>
public enum MprPlane
{
    Axial,
    Coronal,
    Sagittal,
}
