// A real PACS (a private Orthanc on loopback) accepts our Segmentation and Parametric Map through its REST
// API and indexes them under their own SOP classes.
using PacsSeg.Tests.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PacsSeg.Dicom.Iod;
using PacsSeg.Dicom.Tests.Network;

namespace PacsSeg.Dicom.Tests.Iod;

[Category("Peer")]
public class OrthancStoresResultsTests
{
    private const int Slices = 4;
    private const int Size = 32;
    private string _tmp = string.Empty;

    [SetUp]
    public void SetUp() => _tmp = Directory.CreateTempSubdirectory("pacsseg-orthanc-iod-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_tmp, true);

    [Test]
    public async Task PostInstances_OurSegmentationAndParametricMap_OrthancStoresThemUnderTheirSopClasses()
    {
        if (!File.Exists("/usr/sbin/Orthanc"))
            Assert.Ignore("Orthanc is not installed (install/setup.sh installs it).");
        var sources = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "ct"), Slices, size: Size).Select(f => DicomFile.Open(f).Dataset).ToList();
        var geometry = new SegmentationGeometry(
            Size,
            Size,
            sources[0].GetDoubles(DicomTags.PixelSpacing),
            sources[0].GetDoubles(DicomTags.SliceThickness)[0],
            sources[0].GetDoubles(DicomTags.ImageOrientationPatient),
            sources.Select(s => new SourceImage(s.GetString(DicomTags.SOPClassUID), s.GetString(DicomTags.SOPInstanceUID), s.GetDoubles(DicomTags.ImagePositionPatient))).ToList());
        var labels = Enumerable.Range(0, Slices).Select(z => Enumerable.Range(0, Size * Size).Select(p => (byte)(z > 0 && p % Size > 8 && p % Size < 20 && p / Size > 10 ? 1 : 0)).ToArray()).ToList();
        var segment = new SegmentDescription(1, "Liver", new CodedConcept("123037004", "SCT", "Anatomical Structure"), new CodedConcept("10200004", "SCT", "Liver"), "PacsSeg-UNet", "1.0", (221, 130, 101));
        var seg = SegmentationWriter.Create(sources[0], geometry, [segment], labels);
        var values = Enumerable.Range(0, Slices).Select(z => Enumerable.Range(0, Size * Size).Select(p => (z * 0.25f) + (p / 4096f)).ToArray()).ToList();
        var map = ParametricMapWriter.Create(sources[0], geometry, values, new CodedConcept("C25633", "NCIt", "Uncertainty"), new CodedConcept("1", "UCUM", "no units"));

        await using var orthanc = await OrthancFixture.StartAsync("SEGPLUGIN", FreePort.Next());
        foreach (var (dataset, sopClass, modality) in new[] { (seg, DicomUids.SegmentationStorage.Value, "SEG"), (map, DicomUids.ParametricMapStorage.Value, "CT") })
        {
            using var bytes = new MemoryStream();
            new DicomFile(dataset).Save(bytes);
            using var content = new ByteArrayContent(bytes.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            using var response = await orthanc.Http.PostAsync("instances", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            using var stored = JsonDocument.Parse(body);
            Assert.That(stored.RootElement.GetProperty("Status").GetString(), Is.EqualTo("Success"), body);
            var id = stored.RootElement.GetProperty("ID").GetString();

            using var tags = JsonDocument.Parse(await orthanc.GetStringAsync($"instances/{id}/simplified-tags"));
            Assert.That(tags.RootElement.GetProperty("SOPClassUID").GetString(), Is.EqualTo(sopClass));
            Assert.That(tags.RootElement.GetProperty("SOPInstanceUID").GetString(), Is.EqualTo(dataset.GetString(DicomTags.SOPInstanceUID)));
            Assert.That(tags.RootElement.GetProperty("Modality").GetString(), Is.EqualTo(modality));
            Assert.That(tags.RootElement.GetProperty("StudyInstanceUID").GetString(), Is.EqualTo(sources[0].GetString(DicomTags.StudyInstanceUID)));
        }

        using var stats = JsonDocument.Parse(await orthanc.GetStringAsync("statistics"));
        Assert.That(stats.RootElement.GetProperty("CountInstances").GetInt32(), Is.EqualTo(2));
    }
}
