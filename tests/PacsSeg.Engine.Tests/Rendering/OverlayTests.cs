using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Tests.Rendering;

// Label colours and uncertainty must show where the data puts them: in 3D and in each MPR plane.
// Label 1 (left organ) is red, label 2 (right organ) green; the uncertainty blob is unlabelled.
public sealed class OverlayTests
{
    private PhantomFixture _fx = null!;

    [OneTimeSetUp]
    public void SetUp() => _fx = new PhantomFixture();

    [OneTimeTearDown]
    public void TearDown() => _fx.Dispose();

    private static bool Reddish((double R, double G, double B) c) => c.R > c.G + 40 && c.R > c.B + 40;
    private static bool Greenish((double R, double G, double B) c) => c.G > c.R + 40 && c.G > c.B + 40;

    [Test]
    public void Render3D_Labels_ColourEachOrganOnItsSide()
    {
        var s = _fx.State(ViewDirection.Anterior);
        s.ShowLabels = true;
        var img = _fx.Render(s);
        var (lx, ly) = s.Camera.ProjectToPixel(_fx.Phantom.LeftOrgan, img.Width, img.Height);
        var (rx, ry) = s.Camera.ProjectToPixel(_fx.Phantom.RightOrgan, img.Width, img.Height);
        Assert.That(lx, Is.GreaterThan(rx), "left organ right of the right organ in the anterior view");
        Assert.That(Reddish(img.At(lx, ly)), Is.True, $"left organ pixel {img.At(lx, ly)}");
        Assert.That(Greenish(img.At(rx, ry)), Is.True, $"right organ pixel {img.At(rx, ry)}");
    }

    [Test]
    public void Render3D_WithoutLabels_OrgansAreNotColoured()
    {
        var s = _fx.State(ViewDirection.Anterior);
        var img = _fx.Render(s);
        var (lx, ly) = s.Camera.ProjectToPixel(_fx.Phantom.LeftOrgan, img.Width, img.Height);
        var (rx, ry) = s.Camera.ProjectToPixel(_fx.Phantom.RightOrgan, img.Width, img.Height);
        Assert.That(Greenish(img.At(rx, ry)), Is.False);
        var with = OverlayOn(s, labels: true);
        Assert.That(Distance(img.At(lx, ly), with.At(lx, ly)), Is.GreaterThan(30));
    }

    [Test]
    public void Render3D_HiddenLabel_IsNotShownButOtherIs()
    {
        var s = _fx.State(ViewDirection.Anterior);
        s.ShowLabels = true;
        s.SetLabelVisible(Phantom.RightLabel, false);
        var img = _fx.Render(s);
        var (lx, ly) = s.Camera.ProjectToPixel(_fx.Phantom.LeftOrgan, img.Width, img.Height);
        var (rx, ry) = s.Camera.ProjectToPixel(_fx.Phantom.RightOrgan, img.Width, img.Height);
        Assert.That(Reddish(img.At(lx, ly)), Is.True);
        Assert.That(Greenish(img.At(rx, ry)), Is.False);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Render3D_Uncertainty_ColoursTheBlobOnly(bool withLabels)
    {
        var s = _fx.State(ViewDirection.Anterior);
        s.ShowLabels = withLabels;
        var without = _fx.Render(s);
        s.ShowUncertainty = true;
        var with = _fx.Render(s);
        var (bx, by) = s.Camera.ProjectToPixel(_fx.Phantom.UncertainBlob, with.Width, with.Height);
        var (rx, ry) = s.Camera.ProjectToPixel(_fx.Phantom.RightOrgan, with.Width, with.Height);
        Assert.That(Distance(without.At(bx, by), with.At(bx, by)), Is.GreaterThan(40), "blob changes colour");
        Assert.That(Distance(without.At(rx, ry), with.At(rx, ry)), Is.LessThan(15), "certain region unchanged");
    }

    [Test]
    public void RenderMip_Labels_ColourOrgans()
    {
        var s = _fx.State(ViewDirection.Anterior);
        s.Mip = true;
        s.ShowLabels = true;
        var img = _fx.Render(s);
        var (rx, ry) = s.Camera.ProjectToPixel(_fx.Phantom.RightOrgan, img.Width, img.Height);
        Assert.That(Greenish(img.At(rx, ry)), Is.True, $"{img.At(rx, ry)}");
    }

    [TestCase(MprPlane.Axial)]
    [TestCase(MprPlane.Coronal)]
    [TestCase(MprPlane.Sagittal)]
    public void Mpr_Labels_AppearAtTheOrganInEachPlane(MprPlane plane)
    {
        var s = _fx.State();
        s.ShowLabels = true;
        s.LabelFillOpacity = 0.8;
        s.Layout = plane switch { MprPlane.Axial => ViewLayout.Axial, MprPlane.Coronal => ViewLayout.Coronal, _ => ViewLayout.Sagittal };
        s.Crosshair = _fx.Phantom.LeftOrgan;
        var img = _fx.Render(s);
        var (x, y) = s.Mpr(plane).ProjectToPixel(_fx.Phantom.LeftOrgan, img.Width, img.Height);
        Assert.That(Reddish(img.At(x, y)), Is.True, $"{img.At(x, y)} at ({x:F0},{y:F0})");
        s.Crosshair = _fx.Phantom.RightOrgan;
        img = _fx.Render(s);
        (x, y) = s.Mpr(plane).ProjectToPixel(_fx.Phantom.RightOrgan, img.Width, img.Height);
        Assert.That(Greenish(img.At(x, y)), Is.True, $"{img.At(x, y)} at ({x:F0},{y:F0})");
    }

    [TestCase(MprPlane.Axial)]
    [TestCase(MprPlane.Coronal)]
    [TestCase(MprPlane.Sagittal)]
    public void Mpr_Uncertainty_AppearsAtTheBlobInEachPlane(MprPlane plane)
    {
        var s = _fx.State();
        s.Layout = plane switch { MprPlane.Axial => ViewLayout.Axial, MprPlane.Coronal => ViewLayout.Coronal, _ => ViewLayout.Sagittal };
        s.Crosshair = _fx.Phantom.UncertainBlob;
        var grey = _fx.Render(s);
        s.ShowUncertainty = true;
        var img = _fx.Render(s);
        var (x, y) = s.Mpr(plane).ProjectToPixel(_fx.Phantom.UncertainBlob, img.Width, img.Height);
        var c = img.At(x, y);
        Assert.That(Math.Abs(c.R - c.B), Is.GreaterThan(60), $"colormap, not grey: {c}");
        var (ox, oy) = s.Mpr(plane).ProjectToPixel(_fx.Phantom.UncertainBlob + new Vec3(0, 0, 0) + (plane == MprPlane.Sagittal ? new Vec3(0, 0, 0.15 * _fx.Phantom.ExtentMm) : new Vec3(0.3 * _fx.Phantom.ExtentMm, 0, 0)), img.Width, img.Height);
        Assert.That(Distance(grey.At(ox, oy), img.At(ox, oy)), Is.LessThan(10), "far from the blob nothing changes");
    }

    [Test]
    public void Mpr_Outline_ColoursTheBoundaryNotTheInside()
    {
        var s = _fx.State();
        s.ShowLabels = true;
        s.LabelOutline = true;
        s.Layout = ViewLayout.Axial;
        s.Crosshair = _fx.Phantom.RightOrgan;
        var img = _fx.Render(s);
        var view = s.Mpr(MprPlane.Axial);
        var (cx, cy) = view.ProjectToPixel(_fx.Phantom.RightOrgan, img.Width, img.Height);
        Assert.That(Greenish(img.At(cx, cy)), Is.False, "inside is not filled");
        // Scan right from the centre: some pixel on the way out is the label colour.
        bool found = false;
        for (double x = cx; x < img.Width - 1 && !found; x++)
        {
            var c = img.At(x, cy);
            found = c.G > 150 && c.G > c.R + 60;
        }
        Assert.That(found, Is.True);
    }

    [Test]
    public void Grid2x2_EachPanelShowsItsView()
    {
        var s = _fx.State();
        s.Layout = ViewLayout.Grid2x2;
        s.ShowLabels = true;
        s.LabelFillOpacity = 0.8;
        s.Crosshair = _fx.Phantom.LeftOrgan;
        var img = _fx.Render(s, 256, 256);
        foreach (var (panel, plane) in new[] { (ViewLayout.Axial, MprPlane.Axial), (ViewLayout.Coronal, MprPlane.Coronal), (ViewLayout.Sagittal, MprPlane.Sagittal) })
        {
            var r = FrameRenderer.PanelPixels(ViewLayout.Grid2x2, panel, 256, 256);
            var (x, y) = s.Mpr(plane).ProjectToPixel(_fx.Phantom.LeftOrgan, r.Width, r.Height);
            Assert.That(Reddish(img.At(r.X + x + 3, r.Y + y + 3)), Is.True, $"{panel}");
        }
        var p3 = FrameRenderer.PanelPixels(ViewLayout.Grid2x2, ViewLayout.Volume3D, 256, 256);
        var (vx, vy) = s.Camera.ProjectToPixel(_fx.Phantom.RightOrgan, p3.Width, p3.Height);
        Assert.That(Greenish(img.At(p3.X + vx, p3.Y + vy)), Is.True, "3D panel");
    }

    [Test]
    public void Render3D_InteractiveQuality_StillShowsLabelsInPlace()
    {
        var s = _fx.State(ViewDirection.Anterior);
        s.ShowLabels = true;
        var img = new Image(_fx.Renderer.Render(s, PhantomFixture.Size, PhantomFixture.Size, RenderQuality.Interactive), PhantomFixture.Size, PhantomFixture.Size);
        var (rx, ry) = s.Camera.ProjectToPixel(_fx.Phantom.RightOrgan, img.Width, img.Height);
        Assert.That(Greenish(img.At(rx, ry)), Is.True);
    }

    [Test]
    public void Render3D_EmptySpaceSkipping_MatchesFullMarch()
    {
        var s = _fx.State(ViewDirection.Anterior);
        s.ShowLabels = true;
        s.ShowUncertainty = true;
        var skip = _fx.Render(s);
        s.EmptySpaceSkipping = false;
        var full = _fx.Render(s);
        int differing = 0;
        for (int n = 0; n < skip.Rgba.Length; n++)
            if (Math.Abs(skip.Rgba[n] - full.Rgba[n]) > 8)
                differing++;
        Assert.That(differing, Is.LessThan(skip.Rgba.Length / 200), "skipping only empty space leaves the image as it was");
    }

    private Image OverlayOn(ViewState s, bool labels)
    {
        bool old = s.ShowLabels;
        s.ShowLabels = labels;
        var img = _fx.Render(s);
        s.ShowLabels = old;
        return img;
    }

    private static double Distance((double R, double G, double B) a, (double R, double G, double B) b) =>
        Math.Sqrt((a.R - b.R) * (a.R - b.R) + (a.G - b.G) * (a.G - b.G) + (a.B - b.B) * (a.B - b.B));
}
