// Our SCU and DICOMweb client against a real PACS (Orthanc).
using PacsSeg.Tests.Shared;
using System.Text.Json;
using PacsSeg.Dicom.Network;

namespace PacsSeg.Dicom.Tests.Network;

[Category("Peer")]
public class OrthancPeerTests
{
    private string _tmp = "";

    [SetUp]
    public void SetUp() => _tmp = Directory.CreateTempSubdirectory("pacsseg-orthanc-test-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_tmp, true);

    [Test]
    public async Task OurScu_ToOrthanc_StoresEveryInstanceOverOneAssociation()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 5, size: 64);
        await using var orthanc = await OrthancFixture.StartAsync("SEGPLUGIN", FreePort.Next());
        var client = new DicomClient(new DicomClientOptions { CallingAe = "SEGPLUGIN" });
        Assert.That(await client.EchoAsync("127.0.0.1", orthanc.DicomPort, OrthancFixture.AeTitle, CancellationToken.None), Is.EqualTo(DicomStatus.Success));
        var results = await client.StoreFilesAsync("127.0.0.1", orthanc.DicomPort, OrthancFixture.AeTitle, files, null, CancellationToken.None);
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(DicomStatus.Success));
        using var stats = JsonDocument.Parse(await orthanc.GetStringAsync("statistics"));
        Assert.That(stats.RootElement.GetProperty("CountInstances").GetInt32(), Is.EqualTo(5));
        // Orthanc's own copy has the same pixel data we sent.
        using var ids = JsonDocument.Parse(await orthanc.GetStringAsync("instances"));
        var first = ids.RootElement[0].GetString();
        var stored = await orthanc.Http.GetByteArrayAsync($"instances/{first}/file");
        string path = Path.Combine(_tmp, "back.dcm");
        await File.WriteAllBytesAsync(path, stored);
        var original = files.Select(TestDicomFiles.DumpDataSet).ToList();
        Assert.That(original, Does.Contain(TestDicomFiles.DumpDataSet(path)));
    }

    private static async Task<(string[] A, string[] B)> UploadTwoPatientsAsync(OrthancFixture orthanc, string tmp)
    {
        var a = TestDicomFiles.MakeCtSeries(Path.Combine(tmp, "a"), 4, patientId: "PATA");
        var b = TestDicomFiles.MakeCtSeries(Path.Combine(tmp, "b"), 2, modality: "MR", patientId: "PATB");
        var client = new DicomClient(new DicomClientOptions { CallingAe = "SEGPLUGIN" });
        var results = await client.StoreFilesAsync("127.0.0.1", orthanc.DicomPort, OrthancFixture.AeTitle, a.Concat(b), null, CancellationToken.None);
        Assert.That(results.All(r => r.Succeeded), Is.True);
        return (a, b);
    }

    private static string StudyUidOf(string file) => PacsSeg.Dicom.DicomFile.Open(file).Dataset.GetString(DicomTags.StudyInstanceUID);

    [Test]
    public async Task CFind_ByPatientId_FindsThatPatientsStudyAndItsSeries([Values] DicomQueryRoot root)
    {
        await using var orthanc = await OrthancFixture.StartAsync("SEGPLUGIN", FreePort.Next());
        var (a, _) = await UploadTwoPatientsAsync(orthanc, _tmp);
        var client = new DicomClient(new DicomClientOptions { CallingAe = "SEGPLUGIN" });
        var studies = await client.FindAsync("127.0.0.1", orthanc.DicomPort, OrthancFixture.AeTitle, root,
            DicomQueries.Studies(patientId: "PATA"), CancellationToken.None);
        Assert.That(studies, Has.Count.EqualTo(1));
        Assert.That(studies[0].GetString(DicomTags.StudyInstanceUID), Is.EqualTo(StudyUidOf(a[0])));
        Assert.That(studies[0].GetString(DicomTags.PatientID), Is.EqualTo("PATA"));
        var series = await client.FindAsync("127.0.0.1", orthanc.DicomPort, OrthancFixture.AeTitle, root,
            DicomQueries.Series(StudyUidOf(a[0]), patientId: root == DicomQueryRoot.PatientRoot ? "PATA" : null), CancellationToken.None);
        Assert.That(series, Has.Count.EqualTo(1));
        Assert.That(series[0].GetString(DicomTags.Modality), Is.EqualTo("CT"));
        Assert.That(series[0].GetString(DicomTags.NumberOfSeriesRelatedInstances), Is.EqualTo("4"));
        var none = await client.FindAsync("127.0.0.1", orthanc.DicomPort, OrthancFixture.AeTitle, root,
            DicomQueries.Studies(patientId: "NOBODY"), CancellationToken.None);
        Assert.That(none, Is.Empty);
    }

    [Test]
    public async Task CMove_StudyToOurScp_EveryInstanceArrivesByteForByte()
    {
        await using var scp = await ScpFixture.StartAsync();
        await using var orthanc = await OrthancFixture.StartAsync(ScpFixture.AeTitle, scp.Port);
        var (a, _) = await UploadTwoPatientsAsync(orthanc, _tmp);
        var client = new DicomClient(new DicomClientOptions { CallingAe = ScpFixture.AeTitle });
        var result = await client.MoveAsync("127.0.0.1", orthanc.DicomPort, OrthancFixture.AeTitle, DicomQueryRoot.StudyRoot,
            DicomQueries.MoveStudy(StudyUidOf(a[0])), ScpFixture.AeTitle, null, CancellationToken.None);
        Assert.That(result.Status, Is.EqualTo(DicomStatus.Success));
        Assert.That(result.Completed, Is.EqualTo(4));
        Assert.That(result.Failed, Is.EqualTo(0));
        Assert.That(scp.Store.Requests, Has.Count.EqualTo(4));
        foreach (var file in a)
        {
            var sop = PacsSeg.Dicom.DicomFile.Open(file).Dataset.GetString(DicomTags.SOPInstanceUID);
            Assert.That(TestDicomFiles.DumpDataSet(scp.Store.PathOf(sop)), Is.EqualTo(TestDicomFiles.DumpDataSet(file)));
        }
    }

    [Test]
    public async Task CMove_ToUnknownDestination_ReportsFailureStatus()
    {
        await using var orthanc = await OrthancFixture.StartAsync("SEGPLUGIN", FreePort.Next());
        var (a, _) = await UploadTwoPatientsAsync(orthanc, _tmp);
        var client = new DicomClient(new DicomClientOptions { CallingAe = "SEGPLUGIN" });
        var result = await client.MoveAsync("127.0.0.1", orthanc.DicomPort, OrthancFixture.AeTitle, DicomQueryRoot.StudyRoot,
            DicomQueries.MoveStudy(StudyUidOf(a[0])), "NOSUCHAE", null, CancellationToken.None);
        Assert.That(result.Succeeded, Is.False);
        Assert.That(DicomStatus.IsFailure(result.Status), Is.True);
    }
}
