// Segment colors survive the CIELab encoding both ways: sRGB -> Lab -> sRGB for a dense grid of colors,
// reference Lab values (D65, from the CIE formulas) -> the expected sRGB primaries, and a whole
// SegmentationWriter -> SegmentationReader round trip.
using PacsSeg.Dicom.Imaging;
using PacsSeg.Dicom.Iod;

namespace PacsSeg.Dicom.Tests.Iod;

public class CieLabTests
{
    // (sRGB, L*, a*, b*) reference pairs for D65 sRGB.
    private static readonly (byte R, byte G, byte B, double L, double A, double Bs)[] References =
    [
        (255, 0, 0, 53.2408, 80.0925, 67.2032),
        (0, 255, 0, 87.7347, -86.1827, 83.1793),
        (0, 0, 255, 32.2970, 79.1875, -107.8602),
        (255, 255, 255, 100, 0, 0),
        (0, 0, 0, 0, 0, 0),
        (128, 128, 128, 53.5850, 0, 0),
    ];

    [Test]
    public void ToSrgb_OfFromSrgb_ReturnsEveryColorWithinOneUnit()
    {
        var worst = 0;
        for (var r = 0; r < 256; r += 3)
        {
            for (var g = 0; g < 256; g += 3)
            {
                for (var b = 0; b < 256; b += 3)
                {
                    var (l, a, bb) = CieLab.FromSrgb((byte)r, (byte)g, (byte)b);
                    var back = CieLab.ToSrgb(l, a, bb);
                    worst = Math.Max(worst, Math.Max(Math.Abs(back.R - r), Math.Max(Math.Abs(back.G - g), Math.Abs(back.B - b))));
                }
            }
        }

        Assert.That(worst, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void ToSrgb_OfReferenceLab_ReturnsThePrimariesWithinOneUnit()
    {
        foreach (var c in References)
        {
            var rgb = CieLab.ToSrgb(Scale(c.L, 0, 100), Scale(c.A, -128, 255), Scale(c.Bs, -128, 255));
            Assert.That(new[] { rgb.R, rgb.G, rgb.B }, Is.EqualTo(new[] { c.R, c.G, c.B }).Within(1), $"Lab {c.L} {c.A} {c.Bs}");
        }
    }

    [Test]
    public void FromSrgb_OfPrimaries_ReturnsReferenceLabWithinOneUnit()
    {
        foreach (var c in References)
        {
            var (l, a, b) = CieLab.FromSrgb(c.R, c.G, c.B);
            Assert.That(l / 65535.0 * 100, Is.EqualTo(c.L).Within(1), $"L* of {c.R},{c.G},{c.B}");
            Assert.That((a / 65535.0 * 255) - 128, Is.EqualTo(c.A).Within(1), $"a* of {c.R},{c.G},{c.B}");
            Assert.That((b / 65535.0 * 255) - 128, Is.EqualTo(c.Bs).Within(1), $"b* of {c.R},{c.G},{c.B}");
        }
    }

    [Test]
    public void SegmentationReader_ReadsBackTheWrittenColorsVersionAndName()
    {
        const int size = 4;
        var source = new DicomDataset()
            .AddOrUpdate(DicomTags.StudyInstanceUID, DicomUid.Generate().Value)
            .AddOrUpdate(DicomTags.FrameOfReferenceUID, DicomUid.Generate().Value)
            .AddOrUpdate(DicomTags.SeriesInstanceUID, DicomUid.Generate().Value)
            .AddOrUpdate(DicomTags.PatientID, "LAB1");
        var slices = Enumerable.Range(0, 2).Select(z => new SourceImage(DicomUids.CTImageStorage.Value, DicomUid.Generate().Value, [0, 0, z * 2.0])).ToList();
        var geometry = new SegmentationGeometry(size, size, [1, 1], 2, [1, 0, 0, 0, 1, 0], slices);
        var colors = new (byte, byte, byte)[] { (221, 130, 101), (17, 200, 250), (1, 2, 3) };
        var segments = colors.Select((c, n) => new SegmentDescription(n + 1, $"S{n + 1}", new CodedConcept("123037004", "SCT", "Anatomical Structure"), new CodedConcept("10200004", "SCT", "Liver"), "PacsSeg-UNet", "2.1", c)).ToList();
        var labels = new List<byte[]> { new byte[] { 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, new byte[size * size] };

        var seg = SegmentationWriter.Create(source, geometry, segments, labels);
        var read = SegmentationReader.Read(seg, DicomTransferSyntax.ExplicitVRLittleEndian, geometry);

        Assert.That(read.LabelSlices, Is.EqualTo(labels));
        for (var n = 0; n < colors.Length; n++)
        {
            var (r, g, b) = read.Segments[n].Color;
            Assert.That(new[] { r, g, b }, Is.EqualTo(new[] { colors[n].Item1, colors[n].Item2, colors[n].Item3 }).Within(1));
            Assert.That((read.Segments[n].AlgorithmName, read.Segments[n].AlgorithmVersion), Is.EqualTo(("PacsSeg-UNet", "2.1")));
        }
    }

    private static ushort Scale(double v, double lo, double range) => (ushort)Math.Round((v - lo) / range * 65535);
}
