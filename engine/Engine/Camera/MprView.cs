// Where an MPR slice lies in patient space and how it maps to pixels. Radiological convention:
// axial seen from the feet (patient left on screen right, anterior up), coronal from the front
// (left on the right, superior up), sagittal from the patient's left (anterior on the left, superior up).
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Camera;

/// <summary>One slice plane through the crosshair point, with its screen axes in patient space.</summary>
public sealed record MprView(MprPlane Plane, Vec3 Crosshair, Vec3 ViewCentre, double HalfHeightMm)
{
    /// <summary>Patient direction of screen right.</summary>
    public Vec3 Right => Plane switch
    {
        MprPlane.Axial => Vec3.UnitX,
        MprPlane.Coronal => Vec3.UnitX,
        _ => Vec3.UnitY,
    };

    /// <summary>Patient direction of screen up.</summary>
    public Vec3 Up => Plane switch
    {
        MprPlane.Axial => -Vec3.UnitY,
        _ => Vec3.UnitZ,
    };

    public Vec3 Normal => Vec3.Cross(Right, Up);

    /// <summary>Centre of the view in the slice plane (the view centre moved onto the crosshair's plane).</summary>
    public Vec3 PlaneCentre => ViewCentre + Normal * Vec3.Dot(Crosshair - ViewCentre, Normal);

    /// <summary>Labels at the left, right, top and bottom edges.</summary>
    public (string Left, string Right, string Top, string Bottom) OrientationLabels() =>
        (Orientation.Letter(-Right), Orientation.Letter(Right), Orientation.Letter(Up), Orientation.Letter(-Up));

    public (double X, double Y) ProjectToPixel(Vec3 patient, int width, int height)
    {
        double aspect = (double)width / height;
        var d = patient - PlaneCentre;
        double nx = Vec3.Dot(d, Right) / (HalfHeightMm * aspect);
        double ny = Vec3.Dot(d, Up) / HalfHeightMm;
        return ((nx + 1) / 2 * width, (1 - ny) / 2 * height);
    }
}
