// Geometry through the result objects: a sphere at known patient coordinates in a pydicom-written series
// (axial reversed, oblique anisotropic) -> Volume -> SEG / Parametric Map file -> Volume lands on the same
// voxels, and the sphere's voxels are still at the same patient coordinates.
using System.Text.Json;
using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Tests.Support;

namespace PacsSeg.Imaging.Tests.Dicom;

[Category("Peer")]
public class SegmentationVolumesTests
{
    private static readonly Vec3 Centre = new(-12.3, 25.7, 140.2);
    private const double Radius = 9.5;

    private static Dictionary<string, object> Spec(string name)
    {
        if (name == "axial-reversed")
        {
            return new() { ["rows"] = 40, ["cols"] = 44, ["slices"] = 16, ["row_spacing"] = 0.8, ["col_spacing"] = 0.75, ["slice_spacing"] = 2.0,
                ["row_dir"] = new[] { 1.0, 0, 0 }, ["col_dir"] = new[] { 0.0, 1, 0 }, ["origin"] = new[] { -28.0, 10, 125 }, ["reverse"] = true };
        }

        double a = 0.4, b = 0.3;
        var r = new Vec3(Math.Cos(a), Math.Sin(a), 0);
        var c = new Vec3(-Math.Sin(a) * Math.Cos(b), Math.Cos(a) * Math.Cos(b), Math.Sin(b));
        var origin = Centre - (r * (22 * 0.6)) - (c * (20 * 0.95)) - (Vec3.Cross(r, c) * (9 * 2.5)) + new Vec3(0.3, -0.2, 0.1);
        return new() { ["rows"] = 40, ["cols"] = 44, ["slices"] = 18, ["row_spacing"] = 0.95, ["col_spacing"] = 0.6, ["slice_spacing"] = 2.5,
            ["row_dir"] = new[] { r.X, r.Y, r.Z }, ["col_dir"] = new[] { c.X, c.Y, c.Z }, ["origin"] = new[] { origin.X, origin.Y, origin.Z } };
    }

    private static string Generate(TempDir dir, string layout, bool enhanced = false)
    {
        var spec = Spec(layout);
        if (enhanced)
        {
            spec["enhanced"] = true;
        }

        spec["centre"] = new[] { Centre.X, Centre.Y, Centre.Z };
        spec["radius"] = Radius;
        File.WriteAllText(dir.File("spec.json"), JsonSerializer.Serialize(spec));
        var series = dir.File("series");
        PythonPeer.Run("gen_series.py", dir.File("spec.json"), series);
        return series;
    }

    [TestCase("axial-reversed")]
    [TestCase("oblique-anisotropic")]
    public void VolumeToSegmentationToVolume_SphereStaysOnTheSameVoxelsAndCoordinates(string layout)
    {
        using var dir = new TempDir();
        var seriesDir = Generate(dir, layout);
        var series = DicomSeriesReader.ReadDirectory(seriesDir);
        var sources = Directory.GetFiles(seriesDir).Select(f => DicomFile.Open(f).Dataset).ToList();
        var geometry = SegmentationVolumes.GeometryOf(series, sources);
        var labels = series.Volume.Map(v => (byte)(v > -500 ? 1 : 0));
        var segment = new SegmentDescription(1, "Sphere", new CodedConcept("123037004", "SCT", "Anatomical Structure"), new CodedConcept("10200004", "SCT", "Liver"), "PacsSeg-Test", "1.0", (255, 0, 0));

        var seg = SegmentationWriter.Create(sources[0], geometry, [segment], SegmentationVolumes.ToSlices(labels, series));
        new DicomFile(seg).Save(dir.File("seg.dcm"));
        var file = DicomFile.Open(dir.File("seg.dcm"));
        var back = SegmentationVolumes.ToLabelVolume(SegmentationReader.Read(file.Dataset, file.TransferSyntax, geometry), series);

        Assert.That(back.Geometry.SameGridAs(series.Volume.Geometry, 1e-9), Is.True);
        Assert.That(back.Voxels, Is.EqualTo(labels.Voxels));
        AssertSphereAtCentre(back);

        // A reader that knows only positions (the SEG made elsewhere, source UIDs unknown) places it the same way.
        var byPosition = geometry with { Slices = geometry.Slices.Select(s => s with { SopInstanceUid = DicomUid.Generate().Value }).ToList() };
        Assert.That(SegmentationVolumes.ToLabelVolume(SegmentationReader.Read(file.Dataset, file.TransferSyntax, byPosition), series).Voxels, Is.EqualTo(labels.Voxels));
    }

    [TestCase("axial-reversed")]
    [TestCase("oblique-anisotropic")]
    public void VolumeToParametricMapToVolume_ValuesComeBackOnTheSameVoxels(string layout)
    {
        using var dir = new TempDir();
        var seriesDir = Generate(dir, layout);
        var series = DicomSeriesReader.ReadDirectory(seriesDir);
        var sources = Directory.GetFiles(seriesDir).Select(f => DicomFile.Open(f).Dataset).ToList();
        var geometry = SegmentationVolumes.GeometryOf(series, sources);
        // Distance to the sphere's centre in mm: any misplaced slice or transposed frame changes it.
        var g = series.Volume.Geometry;
        var values = new Volume<float>(g);
        for (var k = 0; k < g.SizeZ; k++)
            for (var j = 0; j < g.SizeY; j++)
                for (var i = 0; i < g.SizeX; i++)
                    values[i, j, k] = (float)Vec3.Distance(g.IndexToPatient(i, j, k), Centre);

        var map = ParametricMapWriter.Create(sources[0], geometry, SegmentationVolumes.ToSlices(values, series), new CodedConcept("C25633", "NCIt", "Uncertainty"), new CodedConcept("mm", "UCUM", "millimeter"));
        new DicomFile(map).Save(dir.File("map.dcm"));
        var back = SegmentationVolumes.ToValueVolume(ParametricMapReader.Read(DicomFile.Open(dir.File("map.dcm")).Dataset, geometry), series);

        Assert.That(back.Voxels, Is.EqualTo(values.Voxels));
    }

    [Test]
    public void ToSlices_VolumeOnAnotherGrid_ThrowsArgumentException()
    {
        using var dir = new TempDir();
        var series = DicomSeriesReader.ReadDirectory(Generate(dir, "axial-reversed"));
        var g = series.Volume.Geometry;
        var shifted = new Volume<byte>(new VolumeGeometry(g.SizeX, g.SizeY, g.SizeZ, g.Origin + new Vec3(0, 0, 1), g.Spacing, g.Direction));

        Assert.Throws<ArgumentException>(() => SegmentationVolumes.ToSlices(shifted, series));
    }

    [Test]
    public void GeometryOf_SourceInstanceMissing_ThrowsArgumentExceptionNamingThePosition()
    {
        using var dir = new TempDir();
        var seriesDir = Generate(dir, "axial-reversed");
        var series = DicomSeriesReader.ReadDirectory(seriesDir);
        var sources = Directory.GetFiles(seriesDir).Order(StringComparer.Ordinal).Skip(1).Select(f => DicomFile.Open(f).Dataset).ToList();

        var e = Assert.Throws<ArgumentException>(() => SegmentationVolumes.GeometryOf(series, sources))!;

        Assert.That(e.Message, Does.Contain("0 source instances lie at"));
    }

    [Test]
    public void GeometryOf_EnhancedMultiFrameSource_ThrowsArgumentException()
    {
        using var dir = new TempDir();
        var seriesDir = Generate(dir, "oblique-anisotropic", enhanced: true);
        var series = DicomSeriesReader.ReadDirectory(seriesDir);
        var sources = Directory.GetFiles(seriesDir).Select(f => DicomFile.Open(f).Dataset).ToList();

        var e = Assert.Throws<ArgumentException>(() => SegmentationVolumes.GeometryOf(series, sources))!;

        Assert.That(e.Message, Does.Contain("multi-frame"));
    }

    private static void AssertSphereAtCentre(Volume<byte> v)
    {
        var g = v.Geometry;
        var inside = 0;
        var sum = Vec3.Zero;
        for (var k = 0; k < v.SizeZ; k++)
            for (var j = 0; j < v.SizeY; j++)
                for (var i = 0; i < v.SizeX; i++)
                {
                    var p = g.IndexToPatient(i, j, k);
                    var d = Vec3.Distance(p, Centre);
                    if (Math.Abs(d - Radius) < 1e-4)
                        continue;
                    Assert.That(v[i, j, k], Is.EqualTo(d <= Radius ? 1 : 0), $"voxel ({i}, {j}, {k}) at {p}, {d:F3} mm from the centre");
                    if (d <= Radius)
                    {
                        inside++;
                        sum += p;
                    }
                }

        Assert.That(inside, Is.GreaterThan(100));
        Assert.That(Vec3.Distance(sum / inside, Centre), Is.LessThan(0.5));
    }
}
