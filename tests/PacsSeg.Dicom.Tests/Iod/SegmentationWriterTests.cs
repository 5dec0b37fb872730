// A Segmentation written on a synthetic CT series: dciodvfy finds no error, dcentvfy finds it consistent with
// its source series, and pydicom reads back the same masks at the same frames.
using PacsSeg.Dicom.Imaging;
using PacsSeg.Dicom.Iod;
using PacsSeg.Tests.Shared.Dicom;

namespace PacsSeg.Dicom.Tests.Iod;

[Category("Peer")]
public class SegmentationWriterTests
{
    private const int Size = 16;
    private const int Slices = 5;
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "pacsseg-seg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Create_OnCtSeries_PassesDciodvfyAndDcentvfyAndReadsBack()
    {
        Peers.RequirePeer("dciodvfy");
        var (sources, geometry) = WriteSeries();
        var labels = Enumerable.Range(0, Slices).Select(z =>
        {
            var s = new byte[Size * Size];
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    if (z >= 1 && z <= 3 && x >= 4 && x < 10 && y >= 5 && y < 9)
                    {
                        s[(y * Size) + x] = 1;
                    }
                    else if (z == 2 && x == 12 && y == 12)
                    {
                        s[(y * Size) + x] = 2;
                    }
                }
            }

            return s;
        }).ToList();
        var segments = new[]
        {
            new SegmentDescription(1, "Liver", new CodedConcept("123037004", "SCT", "Anatomical Structure"), new CodedConcept("10200004", "SCT", "Liver"), "PacsSeg-UNet", "1.0", (221, 130, 101)),
            new SegmentDescription(2, "Lesion", new CodedConcept("49755003", "SCT", "Morphologically Altered Structure"), new CodedConcept("52988006", "SCT", "Lesion"), "PacsSeg-UNet", "1.0", (255, 255, 0)),
        };

        var seg = SegmentationWriter.Create(DicomFile.Open(sources[0]).Dataset, geometry, segments, labels);
        var segPath = Path.Combine(_dir, "seg.dcm");
        new DicomFile(seg).Save(segPath);

        var v = Peers.Run("/usr/bin/dciodvfy", [segPath]);
        var errors = v.StdErr.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.That(errors, Is.Empty, v.StdErr);

        var e = Peers.Run("/usr/bin/dcentvfy", new[] { segPath }.Concat(sources));
        Assert.That(e.StdErr.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)), Is.Empty, e.StdErr);

        var back = DicomPixelData.Create(DicomFile.Open(segPath));
        Assert.That(back.NumberOfFrames, Is.EqualTo(4)); // liver on 3 slices, lesion on 1
        Assert.That(back.GetFrame<byte>(0), Is.EqualTo(labels[1].Select(b => (byte)(b == 1 ? 1 : 0)).ToArray()));
        Assert.That(back.GetFrame<byte>(3), Is.EqualTo(labels[2].Select(b => (byte)(b == 2 ? 1 : 0)).ToArray()));

        var read = SegmentationReader.Read(DicomFile.Open(segPath).Dataset, DicomTransferSyntax.ExplicitVRLittleEndian, geometry);
        Assert.That(read.LabelSlices, Is.EqualTo(labels));
        Assert.That(read.Segments.Select(s => (s.Number, s.Label, s.Type.Value)), Is.EqualTo(new[] { (1, "Liver", "10200004"), (2, "Lesion", "52988006") }));

        // The same frames placed by position alone, as for a segmentation made by another tool.
        var reordered = geometry with { Slices = geometry.Slices.Select(sl => sl with { SopInstanceUid = DicomUid.Generate().Value }).ToList() };
        Assert.That(SegmentationReader.Read(DicomFile.Open(segPath).Dataset, DicomTransferSyntax.ExplicitVRLittleEndian, reordered).LabelSlices, Is.EqualTo(labels));

        Peers.RequirePydicom();
        var py = Peers.Run("/usr/bin/python3", ["-c", "import sys,pydicom;ds=pydicom.dcmread(sys.argv[1]);a=ds.pixel_array;print(a.shape, int(a.sum()), [int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber) for f in ds.PerFrameFunctionalGroupsSequence])", segPath]);
        Assert.That(py.StdOut.Trim(), Is.EqualTo($"(4, {Size}, {Size}) {(3 * 24) + 1} [1, 1, 1, 2]"), py.StdErr);
    }

    [Test]
    public void ParametricMap_OnCtSeries_PassesDciodvfyAndDcentvfyAndPydicomReadsTheFloats()
    {
        Peers.RequirePeer("dciodvfy");
        var (sources, geometry) = WriteSeries();
        var values = Enumerable.Range(0, Slices).Select(z => Enumerable.Range(0, Size * Size).Select(i => (z * 0.1f) + (i / 1000f)).ToArray()).ToList();
        var map = ParametricMapWriter.Create(DicomFile.Open(sources[0]).Dataset, geometry, values, new CodedConcept("C25633", "NCIt", "Uncertainty"), new CodedConcept("1", "UCUM", "no units"));
        var path = Path.Combine(_dir, "map.dcm");
        new DicomFile(map).Save(path);

        var v = Peers.Run("/usr/bin/dciodvfy", [path]);
        Assert.That(v.StdErr.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)), Is.Empty, v.StdErr);
        var e = Peers.Run("/usr/bin/dcentvfy", new[] { path }.Concat(sources));
        Assert.That(e.StdErr.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)), Is.Empty, e.StdErr);

        var back = DicomFile.Open(path).Dataset.GetValues<float>(DicomTags.FloatPixelData);
        Assert.That(back, Is.EqualTo(values.SelectMany(s => s).ToArray()));
        Assert.That(ParametricMapReader.Read(DicomFile.Open(path).Dataset, geometry), Is.EqualTo(values));
        Peers.RequirePydicom();
        var py = Peers.Run("/usr/bin/python3", ["-c", "import sys,pydicom;ds=pydicom.dcmread(sys.argv[1]);a=ds.pixel_array;print(a.shape, a.dtype, round(float(a[3,0,5]),4))", path]);
        Assert.That(py.StdOut.Trim(), Is.EqualTo($"({Slices}, {Size}, {Size}) float32 0.305"), py.StdErr);
    }

    private (List<string> Paths, SegmentationGeometry Geometry) WriteSeries() =>
        new SyntheticCtSeries { Size = Size, Slices = Slices, PatientName = "Seg^Test", PatientId = "SEG001", FileName = z => $"ct{z}.dcm" }.Write(_dir);
}
