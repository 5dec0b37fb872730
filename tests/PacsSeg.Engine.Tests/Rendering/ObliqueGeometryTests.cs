using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Tests.Rendering;

// The same anatomy sampled on a rotated grid with anisotropic voxels must render in the same place:
// texture coordinates go through the volume geometry, not through voxel indices.
public sealed class ObliqueGeometryTests
{
    private PhantomFixture _fx = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        double a = 30 * Math.PI / 180;
        var rotation = Mat3.FromColumns(new Vec3(Math.Cos(a), Math.Sin(a), 0), new Vec3(-Math.Sin(a), Math.Cos(a), 0), Vec3.UnitZ);
        _fx = new PhantomFixture(64, new Vec3(1, 1, 1), rotation, slices: 32);
    }

    [OneTimeTearDown]
    public void TearDown() => _fx.Dispose();

    [Test]
    public void Render_RotatedAnisotropicGrid_MarkerStillAtAnteriorLeftSuperior()
    {
        Assert.That(_fx.Scene.Intensity.Geometry.Spacing.Z, Is.EqualTo(2 * _fx.Scene.Intensity.Geometry.Spacing.X).Within(1e-9));
        var s = _fx.State(ViewDirection.Anterior);
        s.ApplyPreset(TransferFunctionPreset.CtBone);
        var img = _fx.Render(s);
        var (x, y) = s.Camera.ProjectToPixel(_fx.Phantom.Marker, img.Width, img.Height);
        Assert.That(img.Luminance(x, y), Is.GreaterThan(120));
        Assert.That(img.Luminance(img.Width - x, y), Is.LessThan(40));
    }

    [Test]
    public void Mpr_RotatedGrid_LeftOrganLabelAtItsPatientPosition()
    {
        var s = _fx.State();
        s.ShowLabels = true;
        s.Layout = Engine.Rendering.ViewLayout.Axial;
        s.Crosshair = _fx.Phantom.LeftOrgan;
        var img = _fx.Render(s);
        var (x, y) = s.Mpr(MprPlane.Axial).ProjectToPixel(_fx.Phantom.LeftOrgan, img.Width, img.Height);
        var (r, g, b) = img.At(x, y);
        Assert.That(r, Is.GreaterThan(g + 40).And.GreaterThan(b + 40));
    }
}
