// Our SCU against our SCP on loopback (files made by pydicom).
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PacsSeg.Dicom.Network;

namespace PacsSeg.Dicom.Tests.Network;

public class ClientServerTests
{
    private string _tmp = "";

    [SetUp]
    public void SetUp() => _tmp = Directory.CreateTempSubdirectory("pacsseg-net-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_tmp, true);

    private static DicomClient Client(string ae = "TESTSCU", Action<DicomClientOptions>? configure = null)
    {
        var o = new DicomClientOptions { CallingAe = ae, DimseTimeout = TimeSpan.FromSeconds(20) };
        configure?.Invoke(o);
        return new DicomClient(o);
    }

    [Test]
    public async Task Echo_OurScuToOurScp_ReturnsSuccess()
    {
        await using var scp = await ScpFixture.StartAsync();
        ushort status = await Client().EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None);
        Assert.That(status, Is.EqualTo(DicomStatus.Success));
        Assert.That(scp.Metrics.AssociationsAccepted, Is.EqualTo(1));
    }

    [Test]
    public async Task StoreFiles_ManyInstances_UseOneAssociationAndArriveByteForByte()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 12);
        await using var scp = await ScpFixture.StartAsync();
        var results = await Client().StoreFilesAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, files, null, CancellationToken.None);
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(DicomStatus.Success));
        Assert.That(scp.Metrics.AssociationsAccepted, Is.EqualTo(1));
        Assert.That(scp.Metrics.InstancesReceived, Is.EqualTo(12));
        foreach (var (file, result) in files.Zip(results))
        {
            Assert.That(result.SourcePath, Is.EqualTo(file));
            var received = scp.Store.PathOf(result.SopInstanceUid);
            Assert.That(TestDicomFiles.DataSetBytes(received), Is.EqualTo(TestDicomFiles.DataSetBytes(file)));
            Assert.That(scp.Store.Requests.Single(r => r.SopInstanceUid == result.SopInstanceUid).TransferSyntaxUid,
                Is.EqualTo(DicomNetworkUids.ExplicitVRLittleEndian));
        }
    }

    [Test]
    public async Task Store_WhenHandlerThrowsIOException_ReturnsOutOfResourcesAsTransient()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 2);
        await using var scp = await ScpFixture.StartAsync();
        scp.Store.Override = async (rq, ct) =>
        {
            await rq.DataSet.CopyToAsync(Stream.Null, ct);
            throw new IOException("No space left on device");
        };
        var results = await Client().StoreFilesAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, files, null, CancellationToken.None);
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(DicomStatus.OutOfResources));
        Assert.That(results.All(r => r.IsTransientFailure), Is.True);
        Assert.That(results[0].Error, Does.Contain("No space left"));
    }

    [Test]
    public async Task Store_WhenHandlerStopsReadingEarly_AnswersItsStatusAndKeepsTheAssociation()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 3, size: 512);
        await using var scp = await ScpFixture.StartAsync();
        scp.Store.Override = (_, _) => ValueTask.FromResult(CStoreResult.CannotUnderstand("rejected unread"));
        var results = await Client().StoreFilesAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, files, null, CancellationToken.None);
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(DicomStatus.CannotUnderstand));
        Assert.That(scp.Metrics.AssociationsAccepted, Is.EqualTo(1));
        Assert.That(scp.Metrics.AssociationsAborted, Is.EqualTo(0));
    }

    [Test]
    public async Task Store_LargeInstance_StreamsToHandlerWithoutHoldingItInMemory()
    {
        // A 96 MiB data set (opaque bytes after a real file meta) must pass with allocations far below its size.
        string path = Path.Combine(_tmp, "big.dcm");
        const int size = 96 << 20;
        await using (var fs = File.Create(path))
        {
            fs.Write(PacsSeg.Dicom.Network.Dimse.FileMetaCodec.Encode(DicomNetworkUids.CTImageStorage, "1.2.3.4.5", DicomNetworkUids.ExplicitVRLittleEndian, null));
            var chunk = new byte[1 << 20];
            RandomNumberGenerator.Fill(chunk);
            for (int i = 0; i < size >> 20; i++)
                fs.Write(chunk);
        }
        await using var scp = await ScpFixture.StartAsync();
        long received = 0;
        scp.Store.Override = async (rq, ct) =>
        {
            var buf = new byte[1 << 16];
            int n;
            while ((n = await rq.DataSet.ReadAsync(buf, ct)) > 0)
                received += n;
            return CStoreResult.Success;
        };
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var results = await Client().StoreFilesAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, new[] { path }, null, CancellationToken.None);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(results.Single().Status, Is.EqualTo(DicomStatus.Success));
        Assert.That(received, Is.EqualTo(size));
        Assert.That(allocated, Is.LessThan(size / 4), "both ends together allocated a large part of the instance");
    }

    [Test]
    public async Task Associate_UnknownCallingAe_IsRejectedWithCallingAeNotRecognized()
    {
        await using var scp = await ScpFixture.StartAsync(o => o.AllowedCallers.Add(new DicomCallerRule { AeTitle = "KNOWN", Host = "127.0.0.1" }));
        var e = Assert.ThrowsAsync<DicomAssociationRejectedException>(() => Client("STRANGER").EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None));
        Assert.That(e!.Result, Is.EqualTo(RejectResult.Permanent));
        Assert.That(e.RejectSource, Is.EqualTo(RejectSource.ServiceUser));
        Assert.That(e.Reason, Is.EqualTo(3));
        Assert.That(await Client("KNOWN").EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None), Is.EqualTo(DicomStatus.Success));
    }

    [Test]
    public async Task Associate_KnownAeFromAnotherHost_IsRejected()
    {
        await using var scp = await ScpFixture.StartAsync(o => o.AllowedCallers.Add(new DicomCallerRule { AeTitle = "KNOWN", Host = "10.11.12.13" }));
        var e = Assert.ThrowsAsync<DicomAssociationRejectedException>(() => Client("KNOWN").EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None));
        Assert.That(e!.Reason, Is.EqualTo(3));
        Assert.That(scp.Metrics.AssociationsRejected, Is.EqualTo(1));
    }

    [Test]
    public async Task Associate_WrongCalledAe_IsRejectedWithCalledAeNotRecognized()
    {
        await using var scp = await ScpFixture.StartAsync();
        var e = Assert.ThrowsAsync<DicomAssociationRejectedException>(() => Client().EchoAsync("127.0.0.1", scp.Port, "SOMEONEELSE", CancellationToken.None));
        Assert.That(e!.Reason, Is.EqualTo(7));
    }

    [Test]
    public async Task Associate_BeyondMaxAssociations_IsRejectedTransientLocalLimit()
    {
        await using var scp = await ScpFixture.StartAsync(o => o.MaxAssociations = 1);
        var verification = new[] { new DicomPresentationContextRequest(DicomNetworkUids.Verification, new[] { DicomNetworkUids.ImplicitVRLittleEndian }) };
        await using var first = await Client().AssociateAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, verification, CancellationToken.None);
        var e = Assert.ThrowsAsync<DicomAssociationRejectedException>(() => Client().EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None));
        Assert.That(e!.Result, Is.EqualTo(RejectResult.Transient));
        Assert.That(e.RejectSource, Is.EqualTo(RejectSource.ServiceProviderPresentation));
        Assert.That(e.Reason, Is.EqualTo(2));
        Assert.That(await first.EchoAsync(CancellationToken.None), Is.EqualTo(DicomStatus.Success));
    }

    [Test]
    public async Task Associate_NoCommonTransferSyntax_RejectsThatContextOnly()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 1);
        await using var scp = await ScpFixture.StartAsync(storesAsReceived: false);
        await using var a = await Client().AssociateAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, new[]
        {
            new DicomPresentationContextRequest(DicomNetworkUids.SecondaryCaptureImageStorage, new[] { "1.2.840.10008.1.2.4.50" }),
            new DicomPresentationContextRequest(DicomNetworkUids.CTImageStorage, new[] { DicomNetworkUids.ExplicitVRLittleEndian }),
        }, CancellationToken.None);
        Assert.That(a.Contexts[0].Result, Is.EqualTo(PresentationContextResult.TransferSyntaxesNotSupported));
        Assert.That(a.Contexts[1].Result, Is.EqualTo(PresentationContextResult.Acceptance));
        Assert.That((await a.StoreFileAsync(files[0], CancellationToken.None)).Status, Is.EqualTo(DicomStatus.Success));
    }

    [Test]
    public async Task Associate_CompressedSyntaxWithRegisteredCodec_IsAccepted()
    {
        await using var scp = await ScpFixture.StartAsync(storesAsReceived: false);
        scp.Services.Codecs = new OnlyCodec("1.2.840.10008.1.2.4.70");
        await using var a = await Client().AssociateAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, new[]
        {
            new DicomPresentationContextRequest(DicomNetworkUids.CTImageStorage, new[] { "1.2.840.10008.1.2.4.50" }),
            new DicomPresentationContextRequest(DicomNetworkUids.CTImageStorage, new[] { "1.2.840.10008.1.2.4.70" }),
        }, CancellationToken.None);
        Assert.That(a.Contexts.Select(c => c.Result), Is.EqualTo(new[] { PresentationContextResult.TransferSyntaxesNotSupported, PresentationContextResult.Acceptance }));
    }

    private sealed class OnlyCodec(string uid) : ITransferSyntaxCodecs
    {
        public bool CanDecode(string transferSyntaxUid) => transferSyntaxUid == uid;
    }

    [Test]
    public async Task Store_WhenCancelled_AbortsTheAssociationAndTheServerRecovers()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 1);
        await using var scp = await ScpFixture.StartAsync();
        var gate = new TaskCompletionSource();
        scp.Store.Override = async (rq, ct) =>
        {
            gate.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return CStoreResult.Success;
        };
        var client = Client();
        await using var a = await client.AssociateAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle,
            new[] { new DicomPresentationContextRequest(DicomNetworkUids.CTImageStorage, new[] { DicomNetworkUids.ExplicitVRLittleEndian }) }, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var store = a.StoreFileAsync(files[0], cts.Token);
        await gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => store);
        Assert.That(a.IsOpen, Is.False);
        scp.Store.Override = null;
        Assert.That(await client.EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None), Is.EqualTo(DicomStatus.Success));
        await WaitUntil(() => scp.Metrics.ActiveAssociations == 0);
        Assert.That(scp.Metrics.AssociationsAborted, Is.EqualTo(1));
    }

    [Test]
    public async Task Store_WhenPeerNeverAnswers_TimesOut()
    {
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 1);
        await using var scp = await ScpFixture.StartAsync();
        scp.Store.Override = async (rq, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return CStoreResult.Success;
        };
        var results = await Client(configure: o => o.DimseTimeout = TimeSpan.FromMilliseconds(500))
            .StoreFilesAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, files, null, CancellationToken.None);
        Assert.That(results.Single().Status, Is.Null);
        Assert.That(results.Single().Error, Does.Contain("No answer"));
    }

    [Test]
    public async Task Tls_EchoAndStore_WorkOverSslStream()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var serverCert = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
        var files = TestDicomFiles.MakeCtSeries(Path.Combine(_tmp, "in"), 2);
        await using var scp = await ScpFixture.StartAsync(o => o.Certificate = serverCert);
        var client = Client(configure: o =>
        {
            o.UseTls = true;
            o.TlsTargetHost = "localhost";
            o.TlsCertificateValidation = (_, c, _, _) => c?.GetCertHashString() == serverCert.GetCertHashString();
        });
        Assert.That(await client.EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None), Is.EqualTo(DicomStatus.Success));
        var results = await client.StoreFilesAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, files, null, CancellationToken.None);
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(DicomStatus.Success));
        // A plain (non-TLS) client gets nowhere.
        Assert.CatchAsync<Exception>(() => Client(configure: o => o.AssociationTimeout = TimeSpan.FromSeconds(2))
            .EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None));
    }

    [Test]
    public async Task Associate_WithUserIdentity_IsAccepted()
    {
        await using var scp = await ScpFixture.StartAsync();
        var status = await Client(configure: o => { o.UserName = "radiology"; o.Password = "pw"; })
            .EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None);
        Assert.That(status, Is.EqualTo(DicomStatus.Success));
    }

    internal static async Task WaitUntil(Func<bool> condition, int timeoutMs = 10_000)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.ElapsedMilliseconds > timeoutMs)
                Assert.Fail("condition not reached in time");
            await Task.Delay(20);
        }
    }
}
