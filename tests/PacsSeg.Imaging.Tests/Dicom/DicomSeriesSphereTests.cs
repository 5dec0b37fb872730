// Geometry end to end: a sphere placed at known patient coordinates by a pydicom-written series must come
// back at the same coordinates through DICOM -> Volume -> NIfTI -> Volume.
using System.Text.Json;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.IO.Nifti;
using PacsSeg.Imaging.Series;
using PacsSeg.Imaging.Tests.Support;

namespace PacsSeg.Imaging.Tests.Dicom;

[Category("Peer")]
public class DicomSeriesSphereTests
{
    private static readonly Vec3 Centre = new(-12.3, 25.7, 140.2);
    private const double Radius = 9.5;

    private static Dictionary<string, object> Spec(string name) => name switch
    {
        // Axial, instances numbered from the top so file order is the reverse of patient order.
        "axial-reversed" => new() { ["rows"] = 40, ["cols"] = 44, ["slices"] = 16, ["row_spacing"] = 0.8, ["col_spacing"] = 0.75, ["slice_spacing"] = 2.0,
            ["row_dir"] = new[] { 1.0, 0, 0 }, ["col_dir"] = new[] { 0.0, 1, 0 }, ["origin"] = new[] { -28.0, 10, 125 }, ["reverse"] = true },
        // Sagittal: rows run anterior to posterior, columns head to feet; the normal points right (-x).
        "sagittal" => new() { ["rows"] = 36, ["cols"] = 40, ["slices"] = 14, ["row_spacing"] = 0.9, ["col_spacing"] = 0.7, ["slice_spacing"] = 1.6,
            ["row_dir"] = new[] { 0.0, 1, 0 }, ["col_dir"] = new[] { 0.0, 0, -1 }, ["origin"] = new[] { -2.0, 12, 155 } },
        "oblique-anisotropic" => Oblique(enhanced: false),
        "enhanced-oblique-reversed" => Oblique(enhanced: true),
        _ => throw new ArgumentException(name),
    };

    private static Dictionary<string, object> Oblique(bool enhanced)
    {
        double a = 0.4, b = 0.3;
        var row = new[] { Math.Cos(a), Math.Sin(a), 0 };
        var col = new[] { -Math.Sin(a) * Math.Cos(b), Math.Cos(a) * Math.Cos(b), Math.Sin(b) };
        // Put the grid's centre near the sphere: origin = centre - half extents along each axis.
        var r = new Vec3(row[0], row[1], row[2]);
        var c = new Vec3(col[0], col[1], col[2]);
        var n = Vec3.Cross(r, c);
        var origin = Centre - r * (22 * 0.6) - c * (20 * 0.95) - n * (9 * 2.5) + new Vec3(0.3, -0.2, 0.1);
        return new()
        {
            ["rows"] = 40, ["cols"] = 44, ["slices"] = 18, ["row_spacing"] = 0.95, ["col_spacing"] = 0.6, ["slice_spacing"] = 2.5,
            ["row_dir"] = row, ["col_dir"] = col, ["origin"] = new[] { origin.X, origin.Y, origin.Z }, ["enhanced"] = enhanced, ["reverse"] = enhanced,
        };
    }

    private static string Generate(TempDir dir, Dictionary<string, object> spec)
    {
        spec["centre"] = new[] { Centre.X, Centre.Y, Centre.Z };
        spec["radius"] = Radius;
        string specPath = dir.File("spec.json");
        File.WriteAllText(specPath, JsonSerializer.Serialize(spec));
        string series = dir.File("series");
        PythonPeer.Run("gen_series.py", specPath, series);
        return series;
    }

    /// <summary>Every voxel is inside the sphere exactly when its centre is within the radius (boundary cases skipped).</summary>
    private static void AssertSphereAtCentre(Volume<float> v, double boundaryMarginMm)
    {
        var g = v.Geometry;
        int inside = 0, checkedVoxels = 0;
        var sum = Vec3.Zero;
        for (int k = 0; k < v.SizeZ; k++)
            for (int j = 0; j < v.SizeY; j++)
                for (int i = 0; i < v.SizeX; i++)
                {
                    var p = g.IndexToPatient(i, j, k);
                    double d = Vec3.Distance(p, Centre);
                    if (Math.Abs(d - Radius) < boundaryMarginMm)
                        continue;
                    checkedVoxels++;
                    float expected = d <= Radius ? -24f : -1024f;
                    Assert.That(v[i, j, k], Is.EqualTo(expected), $"voxel ({i}, {j}, {k}) at {p}, {d:F3} mm from the centre");
                    if (d <= Radius)
                    {
                        inside++;
                        sum += p;
                    }
                }
        Assert.That(inside, Is.GreaterThan(100), "the sphere must lie in the volume");
        Assert.That(checkedVoxels, Is.GreaterThan(v.Voxels.Length * 9 / 10));
        Assert.That(Vec3.Distance(sum / inside, Centre), Is.LessThan(0.5));
    }

    [TestCase("axial-reversed")]
    [TestCase("sagittal")]
    [TestCase("oblique-anisotropic")]
    [TestCase("enhanced-oblique-reversed")]
    public void DicomToVolumeToNiftiToVolume_SphereStaysAtItsPatientCoordinates(string layout)
    {
        using var dir = new TempDir();
        string series = Generate(dir, Spec(layout));

        var assembled = DicomSeriesReader.ReadDirectory(series);
        AssertSphereAtCentre(assembled.Volume, 1e-4);

        foreach (var (name, version) in new[] { ("v1.nii.gz", 1), ("v2.nii", 2) })
        {
            NiftiWriter.Write(dir.File(name), assembled.Volume, new NiftiWriteOptions { Version = version });
            var back = NiftiReader.ReadVolume<float>(dir.File(name));
            AssertSphereAtCentre(back, 1e-3);
            TestGeometries.AssertSameGrid(back.Geometry, assembled.Volume.Geometry, version == 1 ? 1e-3 : 1e-9);
        }
    }

    [Test]
    public void ReadDirectory_SliceMissingFromSeries_ReportsMissingSlices()
    {
        using var dir = new TempDir();
        var spec = Spec("axial-reversed");
        spec["skip"] = new[] { 7 };
        string series = Generate(dir, spec);

        var e = Assert.Throws<SeriesAssemblyException>(() => DicomSeriesReader.ReadDirectory(series))!;

        Assert.That(e.Problem, Is.EqualTo(SeriesProblem.MissingSlices));
        Assert.That(e.Message, Does.Contain("1 slice(s) missing"));
    }

    [Test]
    public void ReadDirectory_GantryTiltedSeries_ReportsTiltOrBuildsShearedGrid()
    {
        using var dir = new TempDir();
        var spec = Spec("axial-reversed");
        spec["tilt"] = 0.35;
        string series = Generate(dir, spec);

        var e = Assert.Throws<SeriesAssemblyException>(() => DicomSeriesReader.ReadDirectory(series))!;
        var sheared = DicomSeriesReader.ReadDirectory(series, new SeriesAssemblyOptions { AllowGantryTilt = true });

        Assert.That(e.Problem, Is.EqualTo(SeriesProblem.GantryTilt));
        Assert.That(sheared.GantryTiltDegrees, Is.EqualTo(Math.Atan2(0.35, 2.0) * 180 / Math.PI).Within(1e-3));
        AssertSphereAtCentreSheared(sheared.Volume);
    }

    private static void AssertSphereAtCentreSheared(Volume<float> v)
    {
        // The generator draws the sphere from each tilted slice's own positions, so the sheared grid must agree everywhere.
        AssertSphereAtCentre(v, 1e-4);
    }

    [Test]
    public void ReadFiles_TwoSeries_ReportsMixedSeries()
    {
        using var dir = new TempDir();
        string a = Generate(dir, Spec("sagittal"));
        using var dir2 = new TempDir();
        string b = Generate(dir2, Spec("sagittal"));

        var e = Assert.Throws<SeriesAssemblyException>(() =>
            DicomSeriesReader.ReadFiles(Directory.GetFiles(a).Take(3).Concat(Directory.GetFiles(b).Take(3))))!;

        Assert.That(e.Problem, Is.EqualTo(SeriesProblem.MixedSeries));
    }
}
