// Anatomical letters for patient directions (LPS: +x left, +y posterior, +z superior).
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Camera;

public static class Orientation
{
    /// <summary>The letter of the dominant axis of <paramref name="direction"/> (L/R, P/A, S/I).</summary>
    public static string Letter(Vec3 direction)
    {
        double ax = Math.Abs(direction.X), ay = Math.Abs(direction.Y), az = Math.Abs(direction.Z);
        if (ax >= ay && ax >= az)
            return direction.X > 0 ? "L" : "R";
        if (ay >= az)
            return direction.Y > 0 ? "P" : "A";
        return direction.Z > 0 ? "S" : "I";
    }

    /// <summary>Edge labels of a 3D view: left, right, top, bottom.</summary>
    public static (string Left, string Right, string Top, string Bottom) ForCamera(OrbitCamera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return (Letter(-camera.Right), Letter(camera.Right), Letter(camera.Up), Letter(-camera.Up));
    }
}
