// Orthographic orbit camera in patient LPS space. The screen's right/up axes are patient vectors,
// so orientation labels follow from the camera, whatever the volume's grid orientation.
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Camera;

/// <summary>Where the 3D view looks from; all vectors in patient LPS millimetres.</summary>
public sealed class OrbitCamera
{
    public OrbitCamera(Vec3 target, double halfHeightMm, double sceneRadiusMm)
    {
        Target = target;
        HalfHeightMm = halfHeightMm;
        SceneRadiusMm = sceneRadiusMm;
        SetView(ViewDirection.Anterior);
    }

    public Vec3 Target { get; set; }
    /// <summary>Unit viewing direction.</summary>
    public Vec3 Forward { get; private set; }
    /// <summary>Unit screen-up direction, orthogonal to Forward.</summary>
    public Vec3 Up { get; private set; }
    public Vec3 Right => Vec3.Cross(Forward, Up).Normalized();
    public double HalfHeightMm { get; set; }
    public double SceneRadiusMm { get; }

    /// <summary>Fits a camera around a grid, looking from <paramref name="view"/>.</summary>
    public static OrbitCamera Fit(VolumeGeometry grid, ViewDirection view)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var a = grid.IndexToPatient(-0.5, -0.5, -0.5);
        var b = grid.IndexToPatient(grid.SizeX - 0.5, grid.SizeY - 0.5, grid.SizeZ - 0.5);
        var centre = (a + b) * 0.5;
        double radius = 0;
        for (int c = 0; c < 8; c++)
        {
            var corner = grid.IndexToPatient((c & 1) == 0 ? -0.5 : grid.SizeX - 0.5, (c & 2) == 0 ? -0.5 : grid.SizeY - 0.5, (c & 4) == 0 ? -0.5 : grid.SizeZ - 0.5);
            radius = Math.Max(radius, Vec3.Distance(corner, centre));
        }
        var camera = new OrbitCamera(centre, radius * 1.02, radius);
        camera.SetView(view);
        return camera;
    }

    /// <summary>
    /// Anterior: from the front (-y) with superior up, so the patient's left is on screen right.
    /// Superior looks down (-z) with anterior up; inferior looks up from the feet, as an axial CT.
    /// </summary>
    public void SetView(ViewDirection view)
    {
        var s = Vec3.UnitZ;
        var anterior = -Vec3.UnitY;
        (Forward, Up) = view switch
        {
            ViewDirection.Anterior => (Vec3.UnitY, s),
            ViewDirection.Posterior => (-Vec3.UnitY, s),
            ViewDirection.Left => (-Vec3.UnitX, s),
            ViewDirection.Right => (Vec3.UnitX, s),
            ViewDirection.Superior => (-Vec3.UnitZ, anterior),
            _ => (Vec3.UnitZ, anterior),
        };
    }

    /// <summary>Rotates about the screen's up axis by <paramref name="yaw"/> and its right axis by <paramref name="pitch"/> (radians).</summary>
    public void Orbit(double yaw, double pitch)
    {
        var right = Right;
        var f = Rotate(Forward, Up, yaw);
        right = Rotate(right, Up, yaw);
        var up = Rotate(Up, right, pitch);
        f = Rotate(f, right, pitch);
        Forward = f.Normalized();
        Up = (up - Forward * Vec3.Dot(up, Forward)).Normalized();
    }

    /// <summary>Moves the target by a screen-space offset in millimetres.</summary>
    public void Pan(double rightMm, double upMm) => Target = Target + Right * rightMm + Up * upMm;

    public void Zoom(double factor) => HalfHeightMm = Math.Clamp(HalfHeightMm * factor, SceneRadiusMm * 0.02, SceneRadiusMm * 10);

    /// <summary>Ray-origin plane for the shader: centre behind the scene and the half-extent vectors.</summary>
    public (Vec3 Centre, Vec3 Right, Vec3 Up) RayBasis(double aspect)
    {
        var centre = Target - Forward * (SceneRadiusMm * 2 + 1);
        return (centre, Right * (HalfHeightMm * aspect), Up * HalfHeightMm);
    }

    /// <summary>Pixel (x right, y down; pixel centres at +0.5) where a patient point lands in a width x height view.</summary>
    public (double X, double Y) ProjectToPixel(Vec3 patient, int width, int height)
    {
        double aspect = (double)width / height;
        var d = patient - Target;
        double nx = Vec3.Dot(d, Right) / (HalfHeightMm * aspect);
        double ny = Vec3.Dot(d, Up) / HalfHeightMm;
        return ((nx + 1) / 2 * width, (1 - ny) / 2 * height);
    }

    public OrbitCamera Clone()
    {
        var c = new OrbitCamera(Target, HalfHeightMm, SceneRadiusMm);
        c.Forward = Forward;
        c.Up = Up;
        return c;
    }

    private static Vec3 Rotate(Vec3 v, Vec3 axis, double angle)
    {
        // Rodrigues' rotation formula.
        var k = axis.Normalized();
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return v * c + Vec3.Cross(k, v) * s + k * (Vec3.Dot(k, v) * (1 - c));
    }
}
