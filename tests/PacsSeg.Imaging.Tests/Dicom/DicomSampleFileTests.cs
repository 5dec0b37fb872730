// Real files shipped with pydicom (CT and MR slices in several transfer syntaxes): the values and the
// geometry PacsSeg reads must match pydicom's pixel_array with its rescale.
using PacsSeg.Dicom.Codecs;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Series;
using PacsSeg.Imaging.Tests.Support;

namespace PacsSeg.Imaging.Tests.Dicom;

[Category("Peer")]
public class DicomSampleFileTests
{
    [TestCase("CT_small.dcm")]
    [TestCase("MR_small.dcm")]
    [TestCase("MR_small_bigendian.dcm")]
    [TestCase("MR_small_implicit.dcm")]
    [TestCase("MR_small_expb.dcm")]
    public void ReadFiles_PydicomSample_MatchesPydicomValuesAndGeometry(string sample)
    {
        var peer = PythonPeer.RunJson("dicom_pixels.py", sample);
        string path = peer.GetProperty("path").GetString()!;

        var volume = DicomSeriesReader.ReadFiles([path]).Volume;

        var ipp = peer.GetProperty("ipp").Doubles();
        var iop = peer.GetProperty("iop").Doubles();
        var spacing = peer.GetProperty("spacing").Doubles();
        Assert.That((volume.SizeX, volume.SizeY, volume.SizeZ), Is.EqualTo((peer.GetProperty("cols").GetInt32(), peer.GetProperty("rows").GetInt32(), 1)));
        Assert.That(volume.Voxels.Select(v => (double)v), Is.EqualTo(peer.GetProperty("values").Doubles()).Within(1e-3));
        Assert.That(Vec3.Distance(volume.Geometry.Origin, new Vec3(ipp[0], ipp[1], ipp[2])), Is.LessThan(1e-9));
        // Column index steps along the first IOP triplet by Pixel Spacing[1]; row index along the second by [0].
        var step = volume.Geometry.IndexToPatient(1, 1, 0) - volume.Geometry.Origin;
        var expected = new Vec3(iop[0], iop[1], iop[2]) * spacing[1] + new Vec3(iop[3], iop[4], iop[5]) * spacing[0];
        Assert.That(Vec3.Distance(step, expected), Is.LessThan(1e-6));
    }

    [Test]
    public void ReadFiles_SameImageInThreeTransferSyntaxes_GivesIdenticalVolumes()
    {
        var paths = new[] { "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm" }
            .Select(s => PythonPeer.RunJson("dicom_pixels.py", s).GetProperty("path").GetString()!).ToArray();

        var volumes = paths.Select(p => DicomSeriesReader.ReadFiles([p]).Volume).ToArray();

        Assert.That(volumes[1].Voxels, Is.EqualTo(volumes[0].Voxels));
        Assert.That(volumes[2].Voxels, Is.EqualTo(volumes[0].Voxels));
        Assert.That(volumes[0].Voxels.Distinct().Count(), Is.GreaterThan(100));
    }

    private static string Sample(string name) =>
        Path.Combine(Path.GetDirectoryName(PythonPeer.RunJson("dicom_pixels.py", "CT_small.dcm").GetProperty("path").GetString()!)!, name);

    [Test]
    public void ReadFiles_RleCompressedSample_EqualsTheUncompressedImage()
    {
        string rle = Sample("MR_small_RLE.dcm");
        if (!File.Exists(rle))
            Assert.Ignore("pydicom's MR_small_RLE.dcm is not installed.");

        var compressed = DicomSeriesReader.ReadFiles([rle]).Volume;
        var native = DicomSeriesReader.ReadFiles([Sample("MR_small.dcm")]).Volume;

        Assert.That(compressed.Voxels, Is.EqualTo(native.Voxels));
    }

    [Test]
    public void ReadFiles_CompressedSampleWithoutCodec_ReportsNoCodecClearly()
    {
        string rle = Sample("MR_small_RLE.dcm");
        if (!File.Exists(rle))
            Assert.Ignore("pydicom's MR_small_RLE.dcm is not installed.");

        var e = Assert.Throws<SeriesAssemblyException>(() => DicomSeriesReader.ReadFiles([rle], new DicomCodecRegistry([])))!;

        Assert.That(e.Problem, Is.EqualTo(SeriesProblem.InvalidPixelData));
        Assert.That(e.Message, Does.Contain("no codec"));
    }
}
