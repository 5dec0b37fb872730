using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.IO.Nifti;

namespace PacsSeg.Engine.Tests.Scene;

// NIfTI stores RAS; the viewer works in LPS. A phantom written to NIfTI and read back through the
// loader must render with the left organ still on the patient's left.
public sealed class SceneLoaderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "pacsseg-scene-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private (Phantom, ViewerScene, string[]) WritePhantom(Mat3? direction = null)
    {
        var phantom = new Phantom();
        var scene = phantom.Build(phantom.Grid(32, new Vec3(1, 1, 1.5), direction));
        string image = Path.Combine(_dir, "ct.nii.gz"), labels = Path.Combine(_dir, "labels.nii.gz"), unc = Path.Combine(_dir, "unc.nii");
        NiftiWriter.Write(image, scene.Intensity);
        NiftiWriter.Write(labels, scene.Labels!);
        NiftiWriter.Write(unc, scene.Uncertainty!);
        return (phantom, scene, [image, labels, unc]);
    }

    [Test]
    public async Task Load_NiftiImageWithLabelsAndUncertainty_KeepsGeometryAndOverlays()
    {
        var (_, original, paths) = WritePhantom();
        var loader = new SceneLoader([new NiftiSceneSource(), new DicomSeriesSceneSource()]);
        var scene = await loader.LoadAsync(paths, CancellationToken.None);
        Assert.That(scene.Intensity.Geometry.SameGridAs(original.Intensity.Geometry, 1e-3), Is.True);
        Assert.That(scene.Labels!.Voxels, Is.EqualTo(original.Labels!.Voxels));
        Assert.That(scene.Uncertainty!.Voxels, Is.EqualTo(original.Uncertainty!.Voxels).Within(1e-6));
    }

    [Test]
    public async Task Render_ObliqueNiftiRoundTrip_LeftOrganStaysOnPatientLeft()
    {
        double a = 20 * Math.PI / 180;
        var rotation = Mat3.FromColumns(new Vec3(Math.Cos(a), 0, -Math.Sin(a)), Vec3.UnitY, new Vec3(Math.Sin(a), 0, Math.Cos(a)));
        var (phantom, _, paths) = WritePhantom(rotation);
        var scene = await new SceneLoader([new NiftiSceneSource()]).LoadAsync(paths, CancellationToken.None);
        using var renderer = new HeadlessRenderer(scene);
        var state = new ViewState(scene, ViewDirection.Anterior) { ShowLabels = true, LabelFillOpacity = 0.9, Layout = ViewLayout.Coronal, Crosshair = phantom.LeftOrgan };
        var img = new Image(renderer.Render(state, 96, 96), 96, 96);
        var (x, y) = state.Mpr(MprPlane.Coronal).ProjectToPixel(phantom.LeftOrgan, 96, 96);
        Assert.That(x, Is.GreaterThan(48));
        var c = img.At(x, y);
        Assert.That(c.R, Is.GreaterThan(c.G + 40), $"red label at the left organ: {c}");
        var m = img.At(96 - x, y);
        Assert.That(m.R, Is.LessThan(m.G + 40), $"not at its mirror image: {m}");
    }

    [Test]
    public void Load_OverlayThatIsNeitherLabelsNorUncertainty_ThrowsSceneException()
    {
        var (_, original, paths) = WritePhantom();
        string bad = Path.Combine(_dir, "bad.nii");
        NiftiWriter.Write(bad, original.Intensity); // HU values: not labels, not 0..1
        var loader = new SceneLoader([new NiftiSceneSource()]);
        Assert.ThrowsAsync<SceneException>(() => loader.LoadAsync([paths[0], bad], CancellationToken.None));
    }

    [Test]
    public void Load_UnknownFormat_ThrowsSceneExceptionNamingTheFile()
    {
        string txt = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(txt, "hello");
        var loader = new SceneLoader([new NiftiSceneSource(), new DicomSeriesSceneSource()]);
        var e = Assert.ThrowsAsync<SceneException>(() => loader.LoadAsync([txt], CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("notes.txt"));
    }

    [Test]
    public async Task Load_LabelsOnCoarserGrid_AreResampledOntoTheImageGrid()
    {
        var phantom = new Phantom();
        var fine = phantom.Build(phantom.Grid(32));
        var coarse = phantom.Build(phantom.Grid(16));
        string image = Path.Combine(_dir, "ct.nii"), labels = Path.Combine(_dir, "labels.nii");
        NiftiWriter.Write(image, fine.Intensity);
        NiftiWriter.Write(labels, coarse.Labels!);
        var scene = await new SceneLoader([new NiftiSceneSource()]).LoadAsync([image, labels], CancellationToken.None);
        var g = scene.Labels!.Geometry;
        var idx = g.PatientToIndex(phantom.LeftOrgan);
        Assert.That(scene.Labels[(int)Math.Round(idx.X), (int)Math.Round(idx.Y), (int)Math.Round(idx.Z)], Is.EqualTo(Phantom.LeftLabel));
        Assert.That(g.SameGridAs(fine.Intensity.Geometry), Is.True);
    }
}
