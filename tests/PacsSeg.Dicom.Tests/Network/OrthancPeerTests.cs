// Our SCU and DICOMweb client against a real PACS (Orthanc).
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
        await using var orthanc = await OrthancFixture.StartAsync("SEGPLUGIN", FreePort.Get());
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
}
