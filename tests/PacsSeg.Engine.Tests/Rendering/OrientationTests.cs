using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Tests.Rendering;

// The bone marker of the phantom sits at the patient's anterior-left-superior. Rendering with the
// bone preset, it must appear where the camera projects it, and nothing bright at its mirror image.
public sealed class OrientationTests
{
    private PhantomFixture _fx = null!;

    [OneTimeSetUp]
    public void SetUp() => _fx = new PhantomFixture();

    [OneTimeTearDown]
    public void TearDown() => _fx.Dispose();

    private Image RenderBone(ViewState s)
    {
        s.ApplyPreset(TransferFunctionPreset.CtBone);
        return _fx.Render(s);
    }

    [TestCase(ViewDirection.Anterior)]
    [TestCase(ViewDirection.Posterior)]
    [TestCase(ViewDirection.Left)]
    [TestCase(ViewDirection.Superior)]
    public void Render_BoneMarker_AppearsWhereCameraProjectsIt(ViewDirection view)
    {
        var s = _fx.State(view);
        var img = RenderBone(s);
        var (x, y) = s.Camera.ProjectToPixel(_fx.Phantom.Marker, img.Width, img.Height);
        Assert.That(img.Luminance(x, y), Is.GreaterThan(120), $"marker at ({x:F0},{y:F0})");
    }

    [Test]
    public void Render_Anterior_PatientLeftIsOnScreenRightAndSuperiorUp()
    {
        var s = _fx.State(ViewDirection.Anterior);
        var img = RenderBone(s);
        var m = _fx.Phantom.Marker;
        var (x, y) = s.Camera.ProjectToPixel(m, img.Width, img.Height);
        Assert.That(x, Is.GreaterThan(img.Width / 2.0), "left (+x) projects to the right half");
        Assert.That(y, Is.LessThan(img.Height / 2.0), "superior projects to the top half");
        Assert.That(img.Luminance(x, y), Is.GreaterThan(120));
        Assert.That(img.Luminance(img.Width - x, y), Is.LessThan(40), "nothing bright at the mirror image");
        Assert.That(img.Luminance(x, img.Height - y), Is.LessThan(40), "nothing bright upside down");
    }

    [Test]
    public void Render_Posterior_PatientLeftIsOnScreenLeft()
    {
        var s = _fx.State(ViewDirection.Posterior);
        var img = RenderBone(s);
        var (x, y) = s.Camera.ProjectToPixel(_fx.Phantom.Marker, img.Width, img.Height);
        Assert.That(x, Is.LessThan(img.Width / 2.0));
        Assert.That(img.Luminance(x, y), Is.GreaterThan(120));
        Assert.That(img.Luminance(img.Width - x, y), Is.LessThan(40));
    }

    [Test]
    public void Render_LeftLateral_AnteriorMarkerLeftOfPosteriorSpine()
    {
        var s = _fx.State(ViewDirection.Left);
        var img = RenderBone(s);
        var (mx, my) = s.Camera.ProjectToPixel(_fx.Phantom.Marker, img.Width, img.Height);
        var (sx, sy) = s.Camera.ProjectToPixel(new Vec3(0, 0.17 * _fx.Phantom.ExtentMm, 0), img.Width, img.Height);
        Assert.That(mx, Is.LessThan(sx), "anterior is on screen left when seen from the patient's left");
        Assert.That(img.Luminance(mx, my), Is.GreaterThan(120));
        Assert.That(img.Luminance(sx, sy), Is.GreaterThan(120), "spine visible");
    }

    [Test]
    public void Orientation_LabelsOfStandardViews_FollowRadiologicalConvention()
    {
        var cam = _fx.State(ViewDirection.Anterior).Camera;
        Assert.That(Orientation.ForCamera(cam), Is.EqualTo(("R", "L", "S", "I")));
        cam.SetView(ViewDirection.Left);
        Assert.That(Orientation.ForCamera(cam), Is.EqualTo(("A", "P", "S", "I")));
        cam.SetView(ViewDirection.Inferior);
        Assert.That(Orientation.ForCamera(cam), Is.EqualTo(("R", "L", "A", "P")));
        var s = _fx.State();
        Assert.That(s.Mpr(MprPlane.Axial).OrientationLabels(), Is.EqualTo(("R", "L", "A", "P")));
        Assert.That(s.Mpr(MprPlane.Coronal).OrientationLabels(), Is.EqualTo(("R", "L", "S", "I")));
        Assert.That(s.Mpr(MprPlane.Sagittal).OrientationLabels(), Is.EqualTo(("A", "P", "S", "I")));
    }

    [Test]
    public void Render_SameStateTwice_GivesIdenticalPixels()
    {
        var s = _fx.State();
        s.ShowLabels = true;
        s.ShowUncertainty = true;
        Assert.That(_fx.Render(s).Rgba, Is.EqualTo(_fx.Render(s).Rgba));
    }
}
