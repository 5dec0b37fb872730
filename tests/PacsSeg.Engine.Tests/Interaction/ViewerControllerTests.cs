using PacsSeg.Engine.Interaction;
using PacsSeg.Engine.Platform;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Tests.Interaction;

public sealed class ViewerControllerTests
{
    private static ViewState State()
    {
        var p = new Phantom();
        return new ViewState(p.Build(p.Grid(8)));
    }

    private static InputSnapshot Input(double x, double y, bool left = false, bool shift = false, double scroll = 0, params int[] keys) =>
        new(x, y, left, false, false, shift, false, scroll, keys);

    [Test]
    public void LeftDrag_In3D_OrbitsAndMarksMovingUntilSettled()
    {
        var c = new ViewerController(State());
        var before = c.State.Camera.Forward;
        c.Update(0.016, Input(100, 100), 512, 512);
        var (changed, _) = c.Update(0.016, Input(140, 100, left: true), 512, 512);
        Assert.That(changed, Is.True);
        Assert.That(Vec3.Distance(before, c.State.Camera.Forward), Is.GreaterThan(0.1));
        Assert.That(c.Moving, Is.True);
        c.Update(0.5, Input(140, 100), 512, 512);
        Assert.That(c.Moving, Is.False);
    }

    [Test]
    public void ShiftDrag_ChangesWindowAndLevel()
    {
        var c = new ViewerController(State());
        double w = c.State.Window, l = c.State.Level;
        c.Update(0.016, Input(100, 100), 512, 512);
        c.Update(0.016, Input(130, 80, left: true, shift: true), 512, 512);
        Assert.That(c.State.Window, Is.GreaterThan(w));
        Assert.That(c.State.Level, Is.GreaterThan(l));
    }

    [Test]
    public void Keys_ToggleOverlaysLayoutAndPassQuitThrough()
    {
        var c = new ViewerController(State());
        var (_, requests) = c.Update(0.016, Input(0, 0, keys: ['L', 'U', Keys.Tab, Keys.Escape]), 512, 512);
        Assert.That(c.State.ShowLabels && c.State.ShowUncertainty, Is.True);
        Assert.That(c.State.Layout, Is.EqualTo(ViewLayout.Grid2x2));
        Assert.That(requests, Is.EqualTo(new[] { InputAction.Quit }));
    }

    [Test]
    public void WheelOverAxialPanel_MovesCrosshairAlongZ()
    {
        var c = new ViewerController(State());
        c.State.Layout = ViewLayout.Grid2x2;
        var before = c.State.Crosshair;
        c.Update(0.016, Input(10, 10, scroll: 3), 512, 512); // top-left = axial
        var d = c.State.Crosshair - before;
        Assert.That(Math.Abs(d.Z), Is.GreaterThan(0));
        Assert.That(Math.Abs(d.X) + Math.Abs(d.Y), Is.EqualTo(0).Within(1e-9));
    }

    [Test]
    public void FrameStats_ReportsMeanAndPercentile()
    {
        var s = new FrameStats(4);
        foreach (var t in new[] { 0.010, 0.020, 0.030, 0.040, 0.050 })
            s.Add(t);
        Assert.That(s.Count, Is.EqualTo(4));
        Assert.That(s.MeanSeconds, Is.EqualTo(0.035).Within(1e-9));
        Assert.That(s.Percentile(95), Is.EqualTo(0.050));
    }

    [Test]
    public void AdaptiveQuality_SlowFrames_LowerResolutionFastFramesRaiseItWithinBounds()
    {
        var q = new AdaptiveQuality(targetFps: 10, minScale: 0.15, maxScale: 0.5);
        double first = q.Current.ResolutionScale;
        for (int n = 0; n < 5; n++)
            q.Next(0.4);
        Assert.That(q.Current.ResolutionScale, Is.LessThan(first));
        Assert.That(q.Current.ResolutionScale, Is.GreaterThanOrEqualTo(0.15));
        double low = q.Current.ResolutionScale;
        for (int n = 0; n < 20; n++)
            q.Next(0.01);
        Assert.That(q.Current.ResolutionScale, Is.GreaterThan(low).And.LessThanOrEqualTo(0.5));
    }
}
