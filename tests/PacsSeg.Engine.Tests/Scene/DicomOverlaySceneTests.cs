using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;
using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Tests.Shared.Dicom;

namespace PacsSeg.Engine.Tests.Scene;

// A synthetic CT series with a SEG (two segments in colours unlike the default palette) and an uncertainty
// Parametric Map, written with our own writers, loaded as the viewer loads them and rendered headless.
// Segment 1 (blue) sits on the patient's left, segment 2 (yellow) on the right, the uncertain box between.
public sealed class DicomOverlaySceneTests
{
    private const int Size = 32, Slices = 12;
    private const double SliceMm = 2;
    private static readonly (byte, byte, byte) Blue = (20, 40, 255), Yellow = (255, 220, 0);

    private string _dir = null!;
    private string _seriesDir = null!;
    private List<string> _sources = null!;
    private SegmentationGeometry _geometry = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "pacsseg-dicomoverlay-" + Guid.NewGuid().ToString("N"));
        _seriesDir = Path.Combine(_dir, "series");
        Directory.CreateDirectory(_seriesDir);
        (_sources, _geometry) = WriteSeries();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    // Voxel boxes (x, y, z ranges, end exclusive) in series indices; x grows to the patient's left (LPS).
    private static bool InLeft(int x, int y, int z) => x >= 20 && x < 28 && y >= 12 && y < 20 && z >= 3 && z < 9;
    private static bool InRight(int x, int y, int z) => x >= 4 && x < 12 && y >= 12 && y < 20 && z >= 3 && z < 9;
    private static bool InUncertain(int x, int y, int z) => x >= 13 && x < 19 && y >= 12 && y < 20 && z >= 3 && z < 9;

    private static Vec3 Centre(double x, double y, double z) => new(-16 + x, -16 + y, z * SliceMm);
    private static readonly Vec3 LeftCentre = Centre(23.5, 15.5, 5.5), RightCentre = Centre(7.5, 15.5, 5.5), UncertainCentre = Centre(15.5, 15.5, 5.5);

    private static bool Blueish((double R, double G, double B) c) => c.B > c.R + 40 && c.B > c.G + 40;
    private static bool Yellowish((double R, double G, double B) c) => c.R > c.B + 60 && c.G > c.B + 60;

    [Test]
    public async Task Load_SegAndMap_LabelsCarrySegmentColoursAndLandOnTheSeriesGrid()
    {
        var scene = await Load(WriteSeg(_geometry, 1), WriteMap());
        Assert.That(scene.Labels, Is.Not.Null);
        Assert.That(scene.Uncertainty, Is.Not.Null);
        var g = scene.Intensity.Geometry;
        Assert.That(scene.Labels!.Voxels[g.LinearIndex(24, 15, 5)], Is.EqualTo(1));
        Assert.That(scene.Labels.Voxels[g.LinearIndex(8, 15, 5)], Is.EqualTo(2));
        Assert.That(scene.Labels.Voxels[g.LinearIndex(16, 15, 5)], Is.EqualTo(0));
        Assert.That(scene.Labels.Voxels[g.LinearIndex(24, 15, 1)], Is.EqualTo(0));
        Assert.That(scene.Uncertainty!.Voxels[g.LinearIndex(16, 15, 5)], Is.EqualTo(0.9f).Within(1e-4));
        Assert.That(scene.Uncertainty.Voxels[g.LinearIndex(24, 15, 5)], Is.EqualTo(0.05f).Within(1e-4));
        var one = scene.LabelInfos.Single(l => l.Value == 1);
        Assert.That(one.Name, Is.EqualTo("Left kidney"));
        Assert.That((one.R, one.G, one.B), Is.EqualTo((Blue.Item1 / 255f, Blue.Item2 / 255f, Blue.Item3 / 255f)).Using<(float, float, float)>((a, b) =>
            Math.Abs(a.Item1 - b.Item1) < 0.02 && Math.Abs(a.Item2 - b.Item2) < 0.02 && Math.Abs(a.Item3 - b.Item3) < 0.02));
    }

    [Test]
    public async Task Render3D_SegAndMap_ShowSegmentColoursAndUncertaintyWhereWritten()
    {
        var scene = await Load(WriteSeg(_geometry, 1), WriteMap());
        using var renderer = new HeadlessRenderer(scene);
        var s = new ViewState(scene, ViewDirection.Anterior) { ShowLabels = true };
        var img = new Image(renderer.Render(s, 128, 128), 128, 128);
        var (lx, ly) = s.Camera.ProjectToPixel(LeftCentre, 128, 128);
        var (rx, ry) = s.Camera.ProjectToPixel(RightCentre, 128, 128);
        Assert.That(lx, Is.GreaterThan(rx), "the patient's left is on the image's right in the anterior view");
        Assert.That(Blueish(img.At(lx, ly)), Is.True, $"left segment {img.At(lx, ly)}");
        Assert.That(Yellowish(img.At(rx, ry)), Is.True, $"right segment {img.At(rx, ry)}");

        var (ux, uy) = s.Camera.ProjectToPixel(UncertainCentre, 128, 128);
        var before = img.At(ux, uy);
        s.ShowUncertainty = true;
        var with = new Image(renderer.Render(s, 128, 128), 128, 128);
        Assert.That(Distance(before, with.At(ux, uy)), Is.GreaterThan(40), "the uncertain box changes colour");
        Assert.That(Distance(img.At(rx, ry), with.At(rx, ry)), Is.LessThan(15), "the certain segment does not");
    }

    [TestCase(MprPlane.Axial)]
    [TestCase(MprPlane.Coronal)]
    [TestCase(MprPlane.Sagittal)]
    public async Task Mpr_SegOnACoarserGrid_IsResampledAndShownInEachPlane(MprPlane plane)
    {
        // The SEG lies on a 16x16 grid of 2 mm pixels and 4 mm slices in the same frame of reference.
        var coarse = new SegmentationGeometry(16, 16, [2, 2], 4, [1, 0, 0, 0, 1, 0],
            Enumerable.Range(0, 6).Select(k => new SourceImage(DicomUids.CTImageStorage.Value, DicomUid.Generate().Value, [-15.5, -15.5, 0.5 + k * 4])).ToList());
        var scene = await Load(WriteSeg(coarse, 2), WriteMap());
        using var renderer = new HeadlessRenderer(scene);
        var s = new ViewState(scene) { ShowLabels = true, LabelFillOpacity = 0.8 };
        s.Layout = plane switch { MprPlane.Axial => ViewLayout.Axial, MprPlane.Coronal => ViewLayout.Coronal, _ => ViewLayout.Sagittal };
        s.Crosshair = LeftCentre;
        var img = new Image(renderer.Render(s, 128, 128), 128, 128);
        var (x, y) = s.Mpr(plane).ProjectToPixel(LeftCentre, 128, 128);
        Assert.That(Blueish(img.At(x, y)), Is.True, $"{img.At(x, y)} at ({x:F0},{y:F0})");
        s.Crosshair = RightCentre;
        img = new Image(renderer.Render(s, 128, 128), 128, 128);
        (x, y) = s.Mpr(plane).ProjectToPixel(RightCentre, 128, 128);
        Assert.That(Yellowish(img.At(x, y)), Is.True, $"{img.At(x, y)} at ({x:F0},{y:F0})");
        s.Crosshair = UncertainCentre;
        s.ShowLabels = false;
        s.ShowUncertainty = true;
        img = new Image(renderer.Render(s, 128, 128), 128, 128);
        (x, y) = s.Mpr(plane).ProjectToPixel(UncertainCentre, 128, 128);
        var c = img.At(x, y);
        Assert.That(Math.Abs(c.R - c.B), Is.GreaterThan(60), $"colormap, not grey: {c}");
    }

    [Test]
    public void Load_SegInAnotherFrameOfReference_FailsWithAClearError()
    {
        var source = DicomFile.Open(_sources[0]).Dataset;
        source.AddOrUpdate(DicomTags.FrameOfReferenceUID, DicomUid.Generate().Value);
        var seg = Path.Combine(_dir, "foreign-seg.dcm");
        new DicomFile(SegmentationWriter.Create(source, _geometry, Segments(), LabelSlices(_geometry, 1))).Save(seg);
        var e = Assert.ThrowsAsync<SceneException>(() => Load(seg));
        Assert.That(e!.Message, Does.Contain("frame of reference").And.Contain("foreign-seg.dcm"));
    }

    [Test]
    public void Load_TwoSegmentations_FailsWithAClearError()
    {
        string a = WriteSeg(_geometry, 1), b = Path.Combine(_dir, "seg2.dcm");
        File.Copy(a, b);
        var e = Assert.ThrowsAsync<SceneException>(() => Load(a, b));
        Assert.That(e!.Message, Does.Contain("Two segmentations"));
    }

    [Test]
    public void RenderCommand_SeriesSegAndMap_WritesAFrameWithSegmentColours()
    {
        string png = Path.Combine(_dir, "out.png");
        int rc = PacsSeg.Viewer.Program.Main(["render", _seriesDir, WriteSeg(_geometry, 1), WriteMap(), "--labels", "--uncertainty",
            "--size", "128x128", "--layout", "axial", "--log-level", "none", "--out", png]);
        Assert.That(rc, Is.EqualTo(0));
        var img = PacsSeg.Imaging.IO.PngReader.Read(png);
        int blue = 0, yellow = 0;
        for (int y = 0; y < img.Height; y++)
        for (int x = 0; x < img.Width; x++)
        {
            var p = img.Pixel(x, y);
            var c = ((double)p[0], (double)p[1], (double)p[2]);
            blue += Blueish(c) ? 1 : 0;
            yellow += Yellowish(c) ? 1 : 0;
        }
        Assert.That((blue > 50, yellow > 50), Is.EqualTo((true, true)), $"{blue} blue and {yellow} yellow pixels");
    }

    [Test]
    public void RenderCommand_SegOfAnotherFrameOfReference_FailsWithoutWriting()
    {
        var source = DicomFile.Open(_sources[0]).Dataset;
        source.AddOrUpdate(DicomTags.FrameOfReferenceUID, DicomUid.Generate().Value);
        var seg = Path.Combine(_dir, "foreign-seg.dcm");
        new DicomFile(SegmentationWriter.Create(source, _geometry, Segments(), LabelSlices(_geometry, 1))).Save(seg);
        string png = Path.Combine(_dir, "out.png");
        int rc = PacsSeg.Viewer.Program.Main(["render", _seriesDir, seg, "--labels", "--log-level", "none", "--out", png]);
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(File.Exists(png), Is.False);
    }

    private Task<ViewerScene> Load(params string[] overlays) =>
        new DicomSeriesSceneSource().LoadAsync([_seriesDir, .. overlays], CancellationToken.None);

    private static double Distance((double R, double G, double B) a, (double R, double G, double B) b) =>
        Math.Sqrt((a.R - b.R) * (a.R - b.R) + (a.G - b.G) * (a.G - b.G) + (a.B - b.B) * (a.B - b.B));

    private static SegmentDescription[] Segments() =>
    [
        new(1, "Left kidney", new CodedConcept("123037004", "SCT", "Anatomical Structure"), new CodedConcept("64033007", "SCT", "Kidney"), "test", "1", Blue),
        new(2, "Right kidney", new CodedConcept("123037004", "SCT", "Anatomical Structure"), new CodedConcept("64033007", "SCT", "Kidney"), "test", "1", Yellow),
    ];

    // Label slices on any axial grid: a voxel is labelled when its centre falls in a box (patient coordinates).
    private static List<byte[]> LabelSlices(SegmentationGeometry g, int pixelMm)
    {
        return g.Slices.Select(slice =>
        {
            var s = new byte[g.Rows * g.Columns];
            double z = slice.ImagePositionPatient[2] / SliceMm;
            for (int r = 0; r < g.Rows; r++)
            for (int c = 0; c < g.Columns; c++)
            {
                // Series index of this voxel's centre.
                int x = (int)Math.Floor(slice.ImagePositionPatient[0] + c * pixelMm + 16 + 0.5);
                int y = (int)Math.Floor(slice.ImagePositionPatient[1] + r * pixelMm + 16 + 0.5);
                int k = (int)Math.Floor(z + 0.5);
                s[r * g.Columns + c] = InLeft(x, y, k) ? (byte)1 : InRight(x, y, k) ? (byte)2 : (byte)0;
            }
            return s;
        }).ToList();
    }

    private string WriteSeg(SegmentationGeometry geometry, int pixelMm)
    {
        var path = Path.Combine(_dir, $"seg-{pixelMm}.dcm");
        new DicomFile(SegmentationWriter.Create(DicomFile.Open(_sources[0]).Dataset, geometry, Segments(), LabelSlices(geometry, pixelMm))).Save(path);
        return path;
    }

    private string WriteMap()
    {
        var values = Enumerable.Range(0, Slices).Select(z =>
        {
            var s = new float[Size * Size];
            for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                s[y * Size + x] = InUncertain(x, y, z) ? 0.9f : 0.05f;
            return s;
        }).ToList();
        var path = Path.Combine(_dir, "map.dcm");
        new DicomFile(ParametricMapWriter.Create(DicomFile.Open(_sources[0]).Dataset, _geometry, values,
            new CodedConcept("C25633", "NCIt", "Uncertainty"), new CodedConcept("1", "UCUM", "no units"))).Save(path);
        return path;
    }

    private (List<string>, SegmentationGeometry) WriteSeries() => new SyntheticCtSeries
    {
        Size = Size, Slices = Slices, SliceMm = SliceMm, Origin = (-16, -16), PatientName = "Overlay^Test", PatientId = "OVL001",
        Hu = (x, y, z) => (short)(InLeft(x, y, z) || InRight(x, y, z) || InUncertain(x, y, z) ? 60 : -1024),
    }.Write(_seriesDir);
}
