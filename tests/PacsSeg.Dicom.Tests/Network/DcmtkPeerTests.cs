// dcmtk's echoscu/storescu against our SCP, and our SCU against dcmtk's storescp.
using PacsSeg.Tests.Shared;
using System.Diagnostics;
using PacsSeg.Dicom.Network;
using PacsSeg.Dicom.Network.Dimse;

namespace PacsSeg.Dicom.Tests.Network;

[Category("Peer")]
public class DcmtkPeerTests
{
    private string _tmp = "";

    [SetUp]
    public void SetUp() => _tmp = Directory.CreateTempSubdirectory("pacsseg-dcmtk-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_tmp, true);

    [Test]
    public async Task Echoscu_ToOurScp_Succeeds()
    {
        await using var scp = await ScpFixture.StartAsync();
        var r = await Proc.RunAsync("echoscu", new[] { "-aet", "DCMTK", "-aec", ScpFixture.AeTitle, "127.0.0.1", scp.Port.ToString() }, TimeSpan.FromSeconds(30));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Output);
        Assert.That(scp.Metrics.AssociationsAccepted, Is.EqualTo(1));
    }

    [Test]
    public async Task Storescu_ToOurScp_EveryFileArrivesEqualValueForValue()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 8, size: 128);
        await using var scp = await ScpFixture.StartAsync();
        var args = new List<string> { "-aet", "DCMTK", "-aec", ScpFixture.AeTitle, "127.0.0.1", scp.Port.ToString() };
        args.AddRange(files);
        var r = await Proc.RunAsync("storescu", args, TimeSpan.FromSeconds(60));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Output);
        Assert.That(scp.Metrics.AssociationsAccepted, Is.EqualTo(1));
        Assert.That(scp.Store.Requests, Has.Count.EqualTo(files.Length));
        foreach (var file in files)
        {
            var meta = await ReadMetaAsync(file);
            string received = scp.Store.PathOf(meta.SopInstanceUid);
            Assert.That(File.Exists(received), Is.True, $"{meta.SopInstanceUid} did not arrive");
            Assert.That(TestDicomFiles.DataSetBytes(received), Is.EqualTo(TestDicomFiles.DataSetBytes(file)));
            Assert.That(TestDicomFiles.DumpDataSet(received), Is.EqualTo(TestDicomFiles.DumpDataSet(file)));
        }
    }

    [Test]
    public async Task Echoscu_UnknownCallingAe_IsRejected()
    {
        await using var scp = await ScpFixture.StartAsync(o => o.AllowedCallers.Add(new DicomCallerRule { AeTitle = "MODALITY1", Host = "127.0.0.1" }));
        var bad = await Proc.RunAsync("echoscu", new[] { "-aet", "INTRUDER", "-aec", ScpFixture.AeTitle, "127.0.0.1", scp.Port.ToString() }, TimeSpan.FromSeconds(30));
        Assert.That(bad.ExitCode, Is.Not.EqualTo(0));
        Assert.That(bad.Output, Does.Contain("Calling AE Title Not Recognized"));
        var good = await Proc.RunAsync("echoscu", new[] { "-aet", "MODALITY1", "-aec", ScpFixture.AeTitle, "127.0.0.1", scp.Port.ToString() }, TimeSpan.FromSeconds(30));
        Assert.That(good.ExitCode, Is.EqualTo(0), good.Output);
        Assert.That(scp.Metrics.AssociationsRejected, Is.EqualTo(1));
    }

    [Test]
    public async Task Storescu_JpegWithoutCodecOrStoreAsReceived_IsNotAcceptedAndOtherFilesAreStored()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 3);
        string jpeg = TestDicomFiles.PydicomTestFile("SC_rgb_jpeg_dcmtk.dcm");
        await using var scp = await ScpFixture.StartAsync(storesAsReceived: false);
        // The SCP offers only uncompressed syntaxes for the JPEG file's SOP class, which storescu cannot
        // produce from lossy JPEG; -nh: go on with the other files.
        var args = new List<string> { "-R", "-nh", "-aet", "DCMTK", "-aec", ScpFixture.AeTitle, "127.0.0.1", scp.Port.ToString(), jpeg };
        args.AddRange(files);
        var r = await Proc.RunAsync("storescu", args, TimeSpan.FromSeconds(60));
        Assert.That(scp.Store.Requests.Select(q => q.SopClassUid), Is.All.EqualTo(DicomNetworkUids.CTImageStorage));
        Assert.That(scp.Store.Requests, Has.Count.EqualTo(3), r.Output);
        Assert.That(r.Output, Does.Contain("SC_rgb_jpeg_dcmtk.dcm"));
        Assert.That(r.Output, Does.Contain("unable to convert").Or.Contain("o presentation context"));
    }

    [Test]
    public async Task OurScu_ToStorescp_FilesArriveByteForByte()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 6, size: 128);
        string outDir = Directory.CreateDirectory(Path.Combine(_tmp, "out")).FullName;
        int port = FreePort.Next();
        var psi = new ProcessStartInfo("storescp") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-aet", "STORESCP", "-od", outDir, "-fe", ".dcm", port.ToString() })
            psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        using var storescp = Process.Start(psi)!;
        try
        {
            var client = new DicomClient(new DicomClientOptions { CallingAe = "PACSSEG" });
            await WaitForListenerAsync(client, port, "STORESCP");
            var results = await client.StoreFilesAsync("127.0.0.1", port, "STORESCP", files, null, CancellationToken.None);
            Assert.That(results.Select(x => x.Status), Is.All.EqualTo(DicomStatus.Success));
            foreach (var (file, result) in files.Zip(results))
            {
                var received = Directory.GetFiles(outDir).Single(f => f.EndsWith(result.SopInstanceUid + ".dcm", StringComparison.Ordinal));
                Assert.That(TestDicomFiles.DataSetBytes(received), Is.EqualTo(TestDicomFiles.DataSetBytes(file)));
            }
        }
        finally
        {
            storescp.Kill();
            await storescp.WaitForExitAsync();
        }
    }

    internal static async Task WaitForListenerAsync(DicomClient client, int port, string ae)
    {
        for (int i = 0; ; i++)
        {
            try
            {
                await client.EchoAsync("127.0.0.1", port, ae, CancellationToken.None);
                return;
            }
            catch (Exception) when (i < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<FileMetaCodec.FileMeta> ReadMetaAsync(string path)
    {
        await using var fs = File.OpenRead(path);
        return await FileMetaCodec.ReadAsync(fs, CancellationToken.None);
    }
}
