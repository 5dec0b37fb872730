// Our DICOMweb client against Orthanc's DICOMweb plugin, with basic authentication on.
using PacsSeg.Tests.Shared;
using PacsSeg.Dicom.Network.DicomWeb;

namespace PacsSeg.Dicom.Tests.Network;

[Category("Peer")]
public class DicomWebPeerTests
{
    private string _tmp = "";

    [SetUp]
    public void SetUp() => _tmp = Directory.CreateTempSubdirectory("pacsseg-web-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_tmp, true);

    private static DicomWebClient Client(OrthancFixture orthanc, HttpClient http, string? password = OrthancFixture.Password) =>
        new(http, new DicomWebClientOptions
        {
            BaseUri = new Uri(orthanc.BaseUri, "dicom-web"),
            UserName = OrthancFixture.User,
            Password = password,
        });

    [Test]
    public async Task StowQidoWado_RoundTripThroughOrthanc()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 3, size: 64, patientId: "WEB1");
        var ds = PacsSeg.Dicom.DicomFile.Open(files[0]).Dataset;
        string study = ds.GetString(DicomTags.StudyInstanceUID), series = ds.GetString(DicomTags.SeriesInstanceUID);
        var sops = files.Select(f => PacsSeg.Dicom.DicomFile.Open(f).Dataset.GetString(DicomTags.SOPInstanceUID)).ToList();
        await using var orthanc = await OrthancFixture.StartAsync("SEGPLUGIN", FreePort.Next(), auth: true);
        using var http = new HttpClient();
        var client = Client(orthanc, http);

        var stored = await client.StoreFilesAsync(files, null, CancellationToken.None);
        Assert.That((int)stored.StatusCode, Is.EqualTo(200));
        Assert.That(stored.StoredSopInstanceUids, Is.EquivalentTo(sops), "ReferencedSOPSequence (0008,1199) lists every instance");
        Assert.That(stored.AllStored(sops), Is.True);

        var studies = await client.SearchStudiesAsync(new Dictionary<string, string> { ["PatientID"] = "WEB1" }, CancellationToken.None);
        Assert.That(studies.Select(s => DicomJson.GetString(s, DicomTags.StudyInstanceUID)), Is.EqualTo(new[] { study }));
        var seriesFound = await client.SearchSeriesAsync(study, new Dictionary<string, string> { ["Modality"] = "CT" }, CancellationToken.None);
        Assert.That(seriesFound.Select(s => DicomJson.GetString(s, DicomTags.SeriesInstanceUID)), Is.EqualTo(new[] { series }));
        var instances = await client.SearchInstancesAsync(study, series, null, CancellationToken.None);
        Assert.That(instances.Select(i => DicomJson.GetString(i, DicomTags.SOPInstanceUID)), Is.EquivalentTo(sops));
        Assert.That(await client.SearchStudiesAsync(new Dictionary<string, string> { ["PatientID"] = "NOBODY" }, CancellationToken.None), Is.Empty);

        var metadata = await client.RetrieveSeriesMetadataAsync(study, series, CancellationToken.None);
        Assert.That(metadata.Select(m => DicomJson.GetString(m, DicomTags.PatientID)), Is.All.EqualTo("WEB1"));
        Assert.That(metadata, Has.Count.EqualTo(3));
        Assert.That(await client.RetrieveStudyMetadataAsync(study, CancellationToken.None), Has.Count.EqualTo(3));

        string one = Path.Combine(_tmp, "one.dcm");
        await using (var fs = File.Create(one))
            await client.RetrieveInstanceAsync(study, series, sops[0], fs, CancellationToken.None);
        Assert.That(TestDicomFiles.DumpDataSet(one), Is.EqualTo(TestDicomFiles.DumpDataSet(files[0])));

        var got = new List<string>();
        int parts = await client.RetrieveSeriesAsync(study, series, async (part, ct) =>
        {
            string path = Path.Combine(_tmp, $"series{got.Count}.dcm");
            await using (var fs = File.Create(path))
                await part.Body.CopyToAsync(fs, ct);
            got.Add(TestDicomFiles.DumpDataSet(path));
        }, CancellationToken.None);
        Assert.That(parts, Is.EqualTo(3));
        Assert.That(got, Is.EquivalentTo(files.Select(TestDicomFiles.DumpDataSet)));
    }

    [Test]
    public async Task Stow_WithWrongPassword_ThrowsUnauthorized()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 1);
        await using var orthanc = await OrthancFixture.StartAsync("SEGPLUGIN", FreePort.Next(), auth: true);
        using var http = new HttpClient();
        var e = Assert.ThrowsAsync<DicomWebException>(() => Client(orthanc, http, "wrong").StoreFilesAsync(files, null, CancellationToken.None));
        Assert.That((int)e!.StatusCode, Is.EqualTo(401));
        Assert.That(e.IsTransient, Is.False);
    }
}
