// DICOM import end to end with series and SEGs written by PacsSeg's own DICOM writers: the NIfTI labels land on
// the voxels the SEG marked, classes follow segment labels across cases, and bad SEGs are refused clearly.
using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Trainer.Data;
using PacsSeg.Tests.Shared.Dicom;

namespace PacsSeg.Trainer.Tests.Data;

public class DicomImporterTests
{
    private const int Size = 12, Slices = 5;
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-import-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    // HU per voxel: 100 in the box x 2..5, y 3..6, z 1..2 (segment "Liver"), 300 at x 8..9, y 8..9, z 3 ("Tumor"), else -1000.
    private static short Hu(int x, int y, int z) =>
        x is >= 2 and <= 5 && y is >= 3 and <= 6 && z is >= 1 and <= 2 ? (short)100
        : x is >= 8 and <= 9 && y is >= 8 and <= 9 && z == 3 ? (short)300 : (short)-1000;

    private static byte ExpectedClass(int x, int y, int z) => Hu(x, y, z) switch { 100 => 1, 300 => 2, _ => 0 };

    private string WriteSeries(string folder, string? frameOfReference = null)
    {
        string dir = Path.Combine(_dir, "in", folder);
        new SyntheticCtSeries
        {
            Size = Size, Slices = Slices, PixelMm = 0.8, Origin = (-10, -20), PatientName = "Import^Test", PatientId = "IMP001",
            FrameOfReferenceUid = frameOfReference, Hu = Hu, FileName = z => $"ct{z}.dcm",
        }.Write(dir);
        return dir;
    }

    private static SegmentDescription Segment(int number, string label) =>
        new(number, label, new CodedConcept("123037004", "SCT", "Anatomical Structure"), new CodedConcept("10200004", "SCT", label), "Test", "1.0", (255, 0, 0));

    /// <summary>Writes a SEG of the series with our writer; <paramref name="swap"/> numbers Tumor 1 and Liver 2.</summary>
    private static string WriteSeg(string seriesDir, string path, bool swap = false, Action<DicomDataset>? edit = null)
    {
        var series = DicomSeriesReader.ReadDirectory(seriesDir);
        var sources = Directory.GetFiles(seriesDir).Select(f => DicomFile.Open(f).Dataset).ToList();
        var geometry = SegmentationVolumes.GeometryOf(series, sources);
        var labels = series.Volume.Map(v => v switch { > 200 => (byte)(swap ? 1 : 2), > 0 => (byte)(swap ? 2 : 1), _ => (byte)0 });
        SegmentDescription[] segments = swap ? [Segment(1, "Tumor"), Segment(2, "Liver")] : [Segment(1, "Liver"), Segment(2, "Tumor")];
        var seg = SegmentationWriter.Create(sources[0], geometry, segments, SegmentationVolumes.ToSlices(labels, series));
        edit?.Invoke(seg);
        new DicomFile(seg).Save(path);
        return path;
    }

    [Test]
    public void Import_SeriesWithAndWithoutSeg_WritesLabeledAndUnlabeledCasesWithConsistentClasses()
    {
        string a = WriteSeries("a"), b = WriteSeries("b");
        WriteSeries("c");
        WriteSeg(a, Path.Combine(a, "seg.dcm"));
        Directory.CreateDirectory(Path.Combine(_dir, "in", "segs"));
        WriteSeg(b, Path.Combine(_dir, "in", "segs", "b-seg.dcm"), swap: true);
        File.WriteAllText(Path.Combine(_dir, "in", "README.txt"), "not dicom");
        string root = Path.Combine(_dir, "dataset");

        var result = DicomImporter.Import(Path.Combine(_dir, "in"), root);

        var dataset = DatasetFolder.Load(root);
        Assert.That(dataset.Labeled.Count(), Is.EqualTo(2));
        Assert.That(dataset.Unlabeled.Count(), Is.EqualTo(1));
        Assert.That(dataset.Description.ClassNamesById(), Is.EqualTo(new[] { "background", "Liver", "Tumor" }));
        Assert.That(dataset.Description.Modality, Is.EqualTo("CT"));
        Assert.That(result.Skipped, Has.Count.EqualTo(1).And.Some.StartsWith("README.txt"));
        Assert.That(File.Exists(Path.Combine(root, DicomImporter.MappingFile)), Is.True);
        foreach (var item in dataset.Labeled)
        {
            var image = dataset.ReadImage(item);
            var label = dataset.ReadLabel(item);
            Assert.That(label.Geometry.SameGridAs(image.Geometry), Is.True);
            int wrong = 0;
            for (int z = 0; z < Slices; z++)
                for (int y = 0; y < Size; y++)
                    for (int x = 0; x < Size; x++)
                        wrong += label[x, y, z] == ExpectedClass(x, y, z) && Math.Abs(image[x, y, z] - Hu(x, y, z)) < 0.5 ? 0 : 1;
            Assert.That(wrong, Is.Zero, $"case {item.Id}: voxels whose label or HU differ from the series and its SEG");
        }
        Assert.That(result.Cases.Count(c => c.SegmentationSopInstanceUid is null), Is.EqualTo(1));
    }

    [Test]
    public void Import_SegReferencingAMissingSeries_ThrowsNamingTheSeriesAndWritesNothing()
    {
        string a = WriteSeries("a");
        WriteSeries("b");
        string segPath = WriteSeg(a, Path.Combine(_dir, "seg.dcm"));
        string missing = DicomFile.Open(Path.Combine(a, "ct0.dcm")).Dataset.GetString(DicomTags.SeriesInstanceUID);
        Directory.Delete(a, recursive: true);
        File.Move(segPath, Path.Combine(_dir, "in", "seg.dcm"));
        string root = Path.Combine(_dir, "dataset");

        var e = Assert.Throws<DicomImportException>(() => DicomImporter.Import(Path.Combine(_dir, "in"), root))!;

        Assert.That(e.Message, Does.Contain(missing).And.Contain("not in"));
        Assert.That(Directory.Exists(root), Is.False);
    }

    [Test]
    public void Import_SegInAForeignFrameOfReference_Throws()
    {
        string a = WriteSeries("a");
        WriteSeg(a, Path.Combine(a, "seg.dcm"), edit: seg => seg.AddOrUpdate(DicomTags.FrameOfReferenceUID, DicomUid.Generate().Value));

        var e = Assert.Throws<DicomImportException>(() => DicomImporter.Import(Path.Combine(_dir, "in"), Path.Combine(_dir, "dataset")))!;

        Assert.That(e.Message, Does.Contain("foreign frame of reference"));
    }

    [Test]
    public void Import_FolderWithoutImages_Throws()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllText(Path.Combine(_dir, "in", "notes.txt"), "nothing");

        Assert.Throws<DicomImportException>(() => DicomImporter.Import(Path.Combine(_dir, "in"), Path.Combine(_dir, "dataset")));
    }

    [Test]
    [Category("Peer")]
    public void Import_SegWrittenByPydicom_LandsOnTheMarkedVoxels()
    {
        var probe = Process("-c", "import pydicom, numpy");
        if (probe.ExitCode != 0)
            Assert.Ignore("pydicom and numpy are not installed for /usr/bin/python3.");
        string a = WriteSeries("a");
        string script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Peer", "pydicom_seg.py");
        var run = Process(script, a, Path.Combine(_dir, "in", "pydicom-seg.dcm"));
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        string root = Path.Combine(_dir, "dataset");

        DicomImporter.Import(Path.Combine(_dir, "in"), root);

        var dataset = DatasetFolder.Load(root);
        Assert.That(dataset.Description.ClassNamesById(), Is.EqualTo(new[] { "background", "Liver" }));
        var label = dataset.ReadLabel(dataset.Labeled.Single());
        int wrong = 0;
        for (int z = 0; z < Slices; z++)
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                    wrong += label[x, y, z] == (Hu(x, y, z) == 100 ? 1 : 0) ? 0 : 1;
        Assert.That(wrong, Is.Zero);
    }

    private static (int ExitCode, string Error) Process(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
            psi.ArgumentList.Add(arg);
        using var p = System.Diagnostics.Process.Start(psi)!;
        string error = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, error);
    }
}
